package dev.tiered.connect.s3.writer;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Another writer committed this partition's offsets first (a stale task after a rebalance, or this one while it was
 * stale): the batch must not be written. Recoverable: the partition repairs from S3 and resumes after what is there.
 */
final class FencedException extends ConnectException {

    FencedException(String message, Throwable cause) {
        super(message, cause);
    }

    FencedException(String message) {
        super(message);
    }
}
