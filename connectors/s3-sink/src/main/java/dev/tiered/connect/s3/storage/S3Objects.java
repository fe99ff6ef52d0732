package dev.tiered.connect.s3.storage;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The small-object operations of one bucket the sink's commit protocol needs (markers, existence checks, cleanup),
 * each reported to the {@link RequestCounter} and failing with an {@link S3StorageException} that names bucket, key
 * and cause.
 */
public final class S3Objects {

    private final S3Client s3;
    private final String bucket;
    private final RequestCounter counter;
    private final S3KeyLister lister;
    private final ObjectWriteOptions writeOptions;

    public S3Objects(S3Client s3, String bucket, RequestCounter counter) {
        this(s3, bucket, counter, ObjectWriteOptions.DEFAULTS);
    }

    /** @param writeOptions how the sink's data objects are written; small objects written here get its encryption */
    public S3Objects(S3Client s3, String bucket, RequestCounter counter, ObjectWriteOptions writeOptions) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.counter = counter == null ? RequestCounter.NONE : counter;
        this.lister = new S3KeyLister(s3, this.counter);
        this.writeOptions = writeOptions == null ? ObjectWriteOptions.DEFAULTS : writeOptions;
    }

    /** Storage class, encryption and tags for data objects. */
    public ObjectWriteOptions writeOptions() {
        return writeOptions;
    }

    public S3Client client() {
        return s3;
    }

    public String bucket() {
        return bucket;
    }

    public RequestCounter counter() {
        return counter;
    }

    /**
     * Writes {@code content} to {@code key} with one PutObject.
     *
     * @param ifNoneMatch refuse to overwrite: an existing key fails with status 412
     */
    public void put(String key, byte[] content, boolean ifNoneMatch) throws S3StorageException {
        // Bookkeeping objects keep the default class: infrequent-access classes bill at least 128 KB per object.
        PutObjectRequest.Builder request = writeOptions.encryptionOnly().applyTo(PutObjectRequest.builder()
                .bucket(bucket).key(key).contentType("text/plain; charset=utf-8").contentLength((long) content.length));
        if (ifNoneMatch) {
            request.ifNoneMatch("*");
        }
        send(Request.PUT_OBJECT, "PutObject", key, content.length,
                () -> s3.putObject(request.build(), RequestBody.fromBytes(content)));
    }

    /** The object's bytes, or empty if there is no such key. */
    public Optional<byte[]> get(String key) throws S3StorageException {
        try {
            return Optional.of(send(Request.GET_OBJECT, "GetObject", key, 0, () -> s3.getObjectAsBytes(
                    GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray()));
        } catch (S3StorageException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The object's size, or empty if there is no such key (HEAD). */
    public Optional<Long> size(String key) throws S3StorageException {
        try {
            return Optional.of(send(Request.HEAD_OBJECT, "HeadObject", key, 0, () -> s3.headObject(
                    HeadObjectRequest.builder().bucket(bucket).key(key).build()).contentLength()));
        } catch (S3StorageException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A cheap request (HeadBucket) whose only purpose is to measure whether S3 answers, and how fast. */
    public void probe() throws S3StorageException {
        send(Request.HEAD_BUCKET, "HeadBucket", null, 0,
                () -> s3.headBucket(software.amazon.awssdk.services.s3.model.HeadBucketRequest.builder()
                        .bucket(bucket).build()));
    }

    /** Deletes {@code key}; deleting a missing key succeeds, as in S3. */
    public void delete(String key) throws S3StorageException {
        send(Request.DELETE_OBJECT, "DeleteObject", key, 0,
                () -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build()));
    }

    /** All keys under {@code prefix} in S3's order. */
    public List<String> list(String prefix) throws S3StorageException {
        return lister.listKeys(bucket, prefix);
    }

    private static boolean notFound(S3StorageException e) {
        return e.statusCode() == 404 || e.getCause() instanceof NoSuchKeyException;
    }

    private <T> T send(Request kind, String operation, String key, long bytes, Supplier<T> call)
            throws S3StorageException {
        return TimedRequest.send(counter, kind, bytes, operation, bucket, key, call);
    }

    /** Whether {@code e} is S3 refusing a conditional write because the key exists. */
    public static boolean preconditionFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof S3StorageException s && s.statusCode() == 412) {
                return true;
            }
            if (t instanceof AwsServiceException a && a.statusCode() == 412) {
                return true;
            }
        }
        return false;
    }
}
