package dev.tiered.connect.s3.storage;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Streams one S3 object with bounded memory: at most one part buffer of {@code partSize} bytes, allocated lazily,
 * grown on demand up to {@code partSize} and reused for every part.
 *
 * <p>Request economy: if the object is committed before one part fills, it is written with a single
 * {@code PutObject}. Only when a part fills does the stream start a multipart upload ({@code CreateMultipartUpload},
 * one {@code UploadPart} per full part); {@link #commit()} then uploads the last part and sends
 * {@code CompleteMultipartUpload}. An object of n bytes costs 1 request if n &lt; partSize, else
 * {@code ceil(n / partSize) + 2}.
 *
 * <p>{@link #close()} commits (so try-with-resources and writers that close their stream just work);
 * {@link #abort()} discards the object instead and aborts any multipart upload. After a failed request the stream is
 * broken: further writes fail and the caller must {@link #abort()}. Not thread-safe.
 *
 * <p>Optional conditional write ({@code ifNoneMatch}): {@code If-None-Match: *} on PutObject and
 * CompleteMultipartUpload, so S3 refuses (412) to overwrite an existing key.
 *
 * <p>Naming at commit: {@link #commitAs(String)} gives the object its final key only when it is committed, for keys
 * that depend on the content (the sink's keys carry the last offset of the file). The key given to the builder is
 * then a staging key: an object below one part never touches it (one PutObject to the final key); a larger object,
 * whose multipart upload had to start before its final key was known, is completed at the staging key, copied to
 * the final key (CopyObject, one more PUT-class request) and the staging object deleted.
 */
public final class S3ObjectOutputStream extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectOutputStream.class);
    private static final int INITIAL_BUFFER = 64 * 1024;

    private enum State { OPEN, COMMITTED, ABORTED, FAILED }

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int partSize;
    private final boolean ifNoneMatch;
    private final String contentType;
    private final RequestCounter counter;
    private final ObjectWriteOptions writeOptions;

    private byte[] buffer = new byte[0];
    private int buffered;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private long bytesUploaded;
    private long bytesWritten;
    private State state = State.OPEN;

    private S3ObjectOutputStream(Builder b) {
        this.s3 = Objects.requireNonNull(b.s3, "s3");
        this.bucket = Objects.requireNonNull(b.bucket, "bucket");
        this.key = Objects.requireNonNull(b.key, "key");
        if (b.partSize < S3StorageConfig.MIN_PART_SIZE && !b.allowSmallParts) {
            throw new IllegalArgumentException("part size " + b.partSize + " is below S3's minimum of "
                    + S3StorageConfig.MIN_PART_SIZE);
        }
        if (b.partSize < 1) {
            throw new IllegalArgumentException("part size must be positive");
        }
        this.partSize = b.partSize;
        this.ifNoneMatch = b.ifNoneMatch;
        this.contentType = b.contentType;
        this.counter = b.counter == null ? RequestCounter.NONE : b.counter;
        this.writeOptions = b.writeOptions == null ? ObjectWriteOptions.DEFAULTS : b.writeOptions;
    }

    public static Builder builder(S3Client s3, String bucket, String key) {
        return new Builder(s3, bucket, key);
    }

    /** Options for one stream. */
    public static final class Builder {
        private final S3Client s3;
        private final String bucket;
        private final String key;
        private int partSize = S3StorageConfig.PART_SIZE_DEFAULT;
        private boolean allowSmallParts;
        private boolean ifNoneMatch;
        private String contentType = "application/octet-stream";
        private RequestCounter counter = RequestCounter.NONE;
        private ObjectWriteOptions writeOptions = ObjectWriteOptions.DEFAULTS;

        private Builder(S3Client s3, String bucket, String key) {
            this.s3 = s3;
            this.bucket = bucket;
            this.key = key;
        }

        /** Bytes per part, at least 5 MiB (S3's minimum for every part but the last). */
        public Builder partSize(int partSize) {
            this.partSize = partSize;
            return this;
        }

        /** Allows parts below 5 MiB, for unit tests against fakes only; real S3 rejects them at Complete. */
        Builder allowSmallPartsForTesting() {
            this.allowSmallParts = true;
            return this;
        }

        /** Sends {@code If-None-Match: *} so the write fails rather than overwrite an existing object. */
        public Builder ifNoneMatch(boolean ifNoneMatch) {
            this.ifNoneMatch = ifNoneMatch;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder requestCounter(RequestCounter counter) {
            this.counter = counter;
            return this;
        }

        /** Storage class, encryption and tags of the object. */
        public Builder writeOptions(ObjectWriteOptions writeOptions) {
            this.writeOptions = writeOptions;
            return this;
        }

        public S3ObjectOutputStream build() {
            return new S3ObjectOutputStream(this);
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buffered == partSize) {
            flushPart();
        }
        ensureCapacity(buffered + 1);
        buffer[buffered++] = (byte) b;
        bytesWritten++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (buffered == partSize) {
                flushPart();
            }
            int n = Math.min(len, partSize - buffered);
            ensureCapacity(buffered + n);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            bytesWritten += n;
            off += n;
            len -= n;
        }
    }

    /** Does nothing: a part is sent only when full, because S3 parts (but the last) must be at least 5 MiB. */
    @Override
    public void flush() {
    }

    /**
     * Makes the object visible: one PutObject if no part was sent yet, else the last UploadPart and
     * CompleteMultipartUpload. On failure the multipart upload (if any) is aborted, best effort, and the exception
     * rethrown. Idempotent once committed.
     */
    public void commit() throws IOException {
        commitAs(key);
    }

    /**
     * As {@link #commit()}, but the object becomes visible under {@code finalKey}; see the class comment for the
     * staging copy a multipart object needs when {@code finalKey} differs from the builder's key.
     */
    public void commitAs(String finalKey) throws IOException {
        Objects.requireNonNull(finalKey, "finalKey");
        if (state == State.COMMITTED) {
            return;
        }
        ensureOpen();
        try {
            if (uploadId == null) {
                putObject(finalKey);
            } else {
                if (buffered > 0 || parts.isEmpty()) {
                    uploadPart();
                }
                boolean staged = !finalKey.equals(key);
                completeMultipartUpload(!staged && ifNoneMatch);
                if (staged) {
                    copyAndDeleteStaging(finalKey);
                }
            }
            state = State.COMMITTED;
            releaseBuffer();
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            abortQuietly(e);
            throw e;
        }
    }

    /** Commits unless already committed or aborted; see {@link #commit()}. */
    @Override
    public void close() throws IOException {
        if (state == State.OPEN) {
            commit();
        } else if (state == State.FAILED) {
            abort();
        }
    }

    /**
     * Discards the object: drops the buffer and aborts the multipart upload if one was started, so no object and no
     * billed parts remain. Idempotent; a no-op after {@link #commit()} succeeded.
     */
    public void abort() throws IOException {
        if (state == State.COMMITTED || state == State.ABORTED) {
            return;
        }
        state = State.ABORTED;
        releaseBuffer();
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            send(Request.ABORT_MULTIPART_UPLOAD, "AbortMultipartUpload", 0, () -> s3.abortMultipartUpload(
                    AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(id).build()));
        }
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** Whether a multipart upload was started, i.e. the object did not fit one part. */
    public boolean multipart() {
        return uploadId != null || parts.size() > 0;
    }

    public int partSize() {
        return partSize;
    }

    /** Heap bytes this stream holds right now (its part buffer's capacity), for the task's memory budget. */
    public long bufferedBytes() {
        return buffer.length;
    }

    /** Bytes written but not yet sent. */
    public int pendingBytes() {
        return buffered;
    }

    /** Bytes S3 acknowledged so far (parts uploaded, or the whole object after a PutObject). */
    public long bytesUploaded() {
        return bytesUploaded;
    }

    /** Bytes written to the stream so far: the object's size once committed. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** The multipart upload id, or {@code null} if none was started (yet). */
    public String uploadId() {
        return uploadId;
    }

    public int partsUploaded() {
        return parts.size();
    }

    public boolean committed() {
        return state == State.COMMITTED;
    }

    private void flushPart() throws IOException {
        try {
            if (uploadId == null) {
                createMultipartUpload();
            }
            if (parts.size() >= S3StorageConfig.MAX_PARTS) {
                throw new S3StorageException("object s3://" + bucket + "/" + key + " exceeds "
                        + S3StorageConfig.MAX_PARTS + " parts of " + partSize + " bytes", bucket, key);
            }
            uploadPart();
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private void createMultipartUpload() throws IOException {
        CreateMultipartUploadRequest request = writeOptions.applyTo(CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(key).contentType(contentType)).build();
        uploadId = send(Request.CREATE_MULTIPART_UPLOAD, "CreateMultipartUpload", 0,
                () -> s3.createMultipartUpload(request)).uploadId();
        LOG.debug("Started multipart upload {} for s3://{}/{}", uploadId, bucket, key);
    }

    private void uploadPart() throws IOException {
        int partNumber = parts.size() + 1;
        int length = buffered;
        UploadPartRequest request = UploadPartRequest.builder()
                .bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) length)
                .build();
        UploadPartResponse response = send(Request.UPLOAD_PART, "UploadPart " + partNumber, length,
                () -> s3.uploadPart(request, body()));
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).checksumCRC32C(response.checksumCRC32C())
                .checksumCRC64NVME(response.checksumCRC64NVME()).checksumSHA1(response.checksumSHA1())
                .checksumSHA256(response.checksumSHA256()).build());
        bytesUploaded += length;
        buffered = 0;
    }

    private void completeMultipartUpload(boolean conditional) throws IOException {
        CompleteMultipartUploadRequest.Builder request = CompleteMultipartUploadRequest.builder()
                .bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build());
        if (conditional) {
            request.ifNoneMatch("*");
        }
        send(Request.COMPLETE_MULTIPART_UPLOAD, "CompleteMultipartUpload", 0,
                () -> s3.completeMultipartUpload(request.build()));
        LOG.debug("Completed multipart upload of s3://{}/{}: {} parts, {} bytes", bucket, key, parts.size(),
                bytesUploaded);
        uploadId = null;
    }

    private void copyAndDeleteStaging(String finalKey) throws IOException {
        CopyObjectRequest.Builder copy = writeOptions.applyTo(CopyObjectRequest.builder()
                .sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(finalKey));
        if (ifNoneMatch) {
            copy.ifNoneMatch("*");
        }
        send(Request.COPY_OBJECT, "CopyObject from " + key + " to", finalKey, 0, () -> s3.copyObject(copy.build()));
        send(Request.DELETE_OBJECT, "DeleteObject (staging)", 0,
                () -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build()));
    }

    private void putObject(String targetKey) throws IOException {
        int length = buffered;
        PutObjectRequest.Builder request = writeOptions.applyTo(PutObjectRequest.builder()
                .bucket(bucket).key(targetKey).contentType(contentType).contentLength((long) length));
        if (ifNoneMatch) {
            request.ifNoneMatch("*");
        }
        send(Request.PUT_OBJECT, "PutObject", targetKey, length, () -> s3.putObject(request.build(), body()));
        bytesUploaded += length;
        buffered = 0;
    }

    /**
     * The buffer's filled region without copying it (RequestBody.fromBytes/fromByteBuffer copy). The SDK reads it
     * only during the synchronous call, possibly more than once (retries), so reusing the buffer afterwards is safe.
     */
    private RequestBody body() {
        int length = buffered;
        byte[] bytes = buffer;
        return RequestBody.fromContentProvider(
                () -> new java.io.ByteArrayInputStream(bytes, 0, length), length, contentType);
    }

    private <T> T send(Request kind, String operation, long bytes, Supplier<T> call) throws S3StorageException {
        return send(kind, operation, key, bytes, call);
    }

    private <T> T send(Request kind, String operation, String targetKey, long bytes, Supplier<T> call)
            throws S3StorageException {
        return TimedRequest.send(counter, kind, bytes, operation, bucket, targetKey, call);
    }

    private void abortQuietly(Exception cause) {
        try {
            abort();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("stream for s3://" + bucket + "/" + key + " is " + state.name().toLowerCase());
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            int size = (int) Math.min(partSize, Math.max((long) needed, Math.max(INITIAL_BUFFER,
                    2L * buffer.length)));
            buffer = java.util.Arrays.copyOf(buffer, size);
        }
    }

    private void releaseBuffer() {
        buffer = new byte[0];
        buffered = 0;
    }
}
