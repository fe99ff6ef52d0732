package dev.tiered.connect.s3.storage;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An S3 request failed. The message names the operation, bucket and key, and for a service error the HTTP status and
 * S3 error code; it never contains credentials (the SDK's own messages do not either, and only the SDK's message is
 * copied, never request headers).
 */
public class S3StorageException extends IOException {

    private final String bucket;
    private final String key;
    private final int statusCode;
    private final String errorCode;

    public S3StorageException(String operation, String bucket, String key, SdkException cause) {
        super(message(operation, bucket, key, cause), cause);
        this.bucket = bucket;
        this.key = key;
        if (cause instanceof AwsServiceException s) {
            this.statusCode = s.statusCode();
            this.errorCode = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
        } else {
            this.statusCode = -1;
            this.errorCode = null;
        }
    }

    public S3StorageException(String message, String bucket, String key) {
        super(message);
        this.bucket = bucket;
        this.key = key;
        this.statusCode = -1;
        this.errorCode = null;
    }

    private static String message(String operation, String bucket, String key, SdkException cause) {
        StringBuilder sb = new StringBuilder(operation).append(" failed for s3://").append(bucket).append('/');
        if (key != null) {
            sb.append(key);
        }
        if (cause instanceof AwsServiceException s) {
            sb.append(": HTTP ").append(s.statusCode());
            if (s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
                sb.append(' ').append(s.awsErrorDetails().errorCode());
            }
            if (s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null) {
                sb.append(" (").append(s.awsErrorDetails().errorMessage()).append(')');
            }
        } else {
            sb.append(": ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return sb.toString();
    }

    public String bucket() {
        return bucket;
    }

    /** The object key, or {@code null} for bucket-level requests such as listing. */
    public String key() {
        return key;
    }

    /** The HTTP status, or -1 if the request got no response. */
    public int statusCode() {
        return statusCode;
    }

    /** S3's error code such as {@code NoSuchBucket}, or {@code null}. */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Whether S3 refused for a reason waiting will not change: access denied, bad credentials or signature, a missing
     * bucket, the wrong region. Such errors fail the task with this message instead of pausing and retrying.
     */
    public boolean permanent() {
        return statusCode == 301 || statusCode == 401 || statusCode == 403 || statusCode == 405
                || (statusCode == 400 && !"RequestTimeout".equals(errorCode))
                || (statusCode == 404 && "NoSuchBucket".equals(errorCode));
    }

    /** The first permanent S3 error in {@code e}'s cause chain, or null. */
    public static S3StorageException permanentCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof S3StorageException s && s.permanent()) {
                return s;
            }
        }
        return null;
    }

    /** Whether retrying later could help (throttling, 5xx, or no response at all). */
    public boolean retriable() {
        return statusCode == -1 || statusCode == 429 || statusCode >= 500;
    }
}
