package dev.tiered.connect.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import dev.tiered.connect.testkit.S3TestServer;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class S3UploadIT {

    static final int PART = S3StorageConfig.MIN_PART_SIZE;
    static final S3TestServer SERVER = S3TestServer.shared();
    static S3ClientFactory.S3Clients clients;
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void setUp() {
        bucket = SERVER.createBucket("upload");
        clients = S3ClientFactory.create(S3StorageConfig.of(Map.of(
                "s3.bucket.name", bucket,
                "store.url", SERVER.endpoint().toString(),
                "s3.region", SERVER.region(),
                "s3.path.style.access.enabled", "true",
                "s3.credentials.provider", "static",
                "aws.access.key.id", SERVER.accessKey(),
                "aws.secret.access.key", SERVER.secretKey())));
        s3 = clients.s3();
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    S3ObjectOutputStream stream(String key, CountingRequestCounter counter) {
        return S3ObjectOutputStream.builder(s3, bucket, key).partSize(PART).requestCounter(counter).build();
    }

    @Test
    void smallObjectIsOnePutObject() throws IOException {
        CountingRequestCounter counter = new CountingRequestCounter();
        byte[] data = random(100_000, 1);
        S3ObjectOutputStream out = stream("small/one.bin", counter);
        try (out) {
            out.write(data, 0, 10);
            out.write(data[10]);
            out.write(data, 11, data.length - 11);
            assertThat(out.bufferedBytes()).isBetween((long) data.length, (long) PART);
            assertThat(out.bytesUploaded()).isZero();
        }
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.PUT_OBJECT, 1L));
        assertThat(counter.bytes(Request.PUT_OBJECT)).isEqualTo(data.length);
        assertThat(out.committed()).isTrue();
        assertThat(out.bytesUploaded()).isEqualTo(data.length);
        assertThat(out.bufferedBytes()).isZero();
        assertThat(SERVER.get(bucket, "small/one.bin")).isEqualTo(data);
    }

    @Test
    void emptyObjectIsOnePutObject() throws IOException {
        CountingRequestCounter counter = new CountingRequestCounter();
        stream("small/empty.bin", counter).commit();
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.PUT_OBJECT, 1L));
        assertThat(SERVER.get(bucket, "small/empty.bin")).isEmpty();
    }

    @Test
    void exactlyOnePartIsStillOnePutObject() throws IOException {
        CountingRequestCounter counter = new CountingRequestCounter();
        byte[] data = random(PART, 2);
        try (S3ObjectOutputStream out = stream("small/exact.bin", counter)) {
            out.write(data);
        }
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.PUT_OBJECT, 1L));
        assertThat(SERVER.get(bucket, "small/exact.bin")).isEqualTo(data);
    }

    @Test
    void twoAndAHalfPartsIsAMultipartUpload() throws IOException {
        CountingRequestCounter counter = new CountingRequestCounter();
        byte[] data = random(PART * 5 / 2, 3);
        S3ObjectOutputStream out = stream("multi/2.5.bin", counter);
        int chunk = 777_777;
        for (int off = 0; off < data.length; off += chunk) {
            out.write(data, off, Math.min(chunk, data.length - off));
            assertThat(out.bufferedBytes()).isLessThanOrEqualTo(PART);
        }
        assertThat(out.partsUploaded()).isEqualTo(2);
        assertThat(out.bytesUploaded()).isEqualTo(2L * PART);
        assertThat(out.uploadId()).isNotNull();
        out.commit();
        out.close();
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.CREATE_MULTIPART_UPLOAD, 1L,
                Request.UPLOAD_PART, 3L, Request.COMPLETE_MULTIPART_UPLOAD, 1L));
        assertThat(counter.bytes(Request.UPLOAD_PART)).isEqualTo(data.length);
        assertThat(out.bytesUploaded()).isEqualTo(data.length);
        assertThat(SERVER.get(bucket, "multi/2.5.bin")).isEqualTo(data);
    }

    @Test
    void exactlyTwoPartsSendsNoEmptyPart() throws IOException {
        CountingRequestCounter counter = new CountingRequestCounter();
        byte[] data = random(2 * PART, 4);
        try (S3ObjectOutputStream out = stream("multi/2.bin", counter)) {
            out.write(data);
        }
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.CREATE_MULTIPART_UPLOAD, 1L,
                Request.UPLOAD_PART, 2L, Request.COMPLETE_MULTIPART_UPLOAD, 1L));
        assertThat(SERVER.get(bucket, "multi/2.bin")).isEqualTo(data);
    }

    @Test
    void abortLeavesNoObjectAndNoUpload() throws IOException {
        CountingRequestCounter counter = new CountingRequestCounter();
        S3ObjectOutputStream out = stream("aborted/big.bin", counter);
        out.write(random(PART + 10, 5));
        assertThat(out.uploadId()).isNotNull();
        out.abort();
        out.abort();
        out.close();
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.CREATE_MULTIPART_UPLOAD, 1L,
                Request.UPLOAD_PART, 1L, Request.ABORT_MULTIPART_UPLOAD, 1L));
        assertThat(out.bufferedBytes()).isZero();
        assertThat(SERVER.list(bucket, "aborted/")).isEmpty();
        assertThat(SERVER.client().listMultipartUploads(r -> r.bucket(bucket).prefix("aborted/")).uploads())
                .isEmpty();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");

        CountingRequestCounter small = new CountingRequestCounter();
        S3ObjectOutputStream smallOut = stream("aborted/small.bin", small);
        smallOut.write(random(1000, 6));
        smallOut.abort();
        smallOut.close();
        assertThat(small.totalRequests()).isZero();
        assertThat(SERVER.list(bucket, "aborted/")).isEmpty();
    }

    @Test
    void missingBucketErrorNamesBucketAndKey() {
        CountingRequestCounter counter = new CountingRequestCounter();
        S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, "never-created-bucket-x1", "k/obj.bin")
                .partSize(PART).requestCounter(counter).build();
        assertThatThrownBy(() -> {
            out.write(new byte[10]);
            out.close();
        }).isInstanceOfSatisfying(S3StorageException.class, e -> {
            assertThat(e).hasMessageContaining("PutObject failed for s3://never-created-bucket-x1/k/obj.bin");
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo("NoSuchBucket");
            assertThat(e).hasMessageContaining("404 NoSuchBucket");
            assertThat(e.retriable()).isFalse();
        });
        assertThat(counter.failures(Request.PUT_OBJECT)).isEqualTo(1);
    }

    @Test
    void failedMultipartUploadIsAbortedAndNamesTheBucket() throws IOException {
        CountingRequestCounter counter = new CountingRequestCounter();
        S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, "never-created-bucket-x2", "k/big.bin")
                .partSize(PART).requestCounter(counter).build();
        out.write(new byte[PART]);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(S3StorageException.class)
                .hasMessageContaining("CreateMultipartUpload failed for s3://never-created-bucket-x2/k/big.bin");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("failed");
        out.abort();
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.CREATE_MULTIPART_UPLOAD, 1L));
    }

    @Test
    void ifNoneMatchOnPutObject() throws IOException {
        // s3proxy, like AWS S3, answers If-None-Match: * on an existing key with 412 PreconditionFailed.
        byte[] first = random(1000, 7);
        // The first write is unconditional: if the SDK retries a conditional write whose first attempt landed
        // (seen here after a connection reset), the retry itself gets 412.
        try (S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, bucket, "cond/put.bin").partSize(PART)
                .build()) {
            out.write(first);
        }
        assertThat(SERVER.get(bucket, "cond/put.bin")).isEqualTo(first);
        byte[] second = random(1000, 8);
        S3ObjectOutputStream again = S3ObjectOutputStream.builder(s3, bucket, "cond/put.bin").partSize(PART)
                .ifNoneMatch(true).build();
        again.write(second);
        assertThatThrownBy(again::commit).isInstanceOfSatisfying(S3StorageException.class, e -> {
            assertThat(e).hasMessageContaining("PutObject failed for s3://" + bucket + "/cond/put.bin");
            assertThat(e.statusCode()).isEqualTo(412);
            assertThat(e.errorCode()).isEqualTo("PreconditionFailed");
        });
        assertThat(SERVER.get(bucket, "cond/put.bin")).isEqualTo(first);
    }

    @Test
    void ifNoneMatchOnCompleteMultipartUpload() throws IOException {
        byte[] first = random(PART + 1, 9);
        try (S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, bucket, "cond/multi.bin").partSize(PART)
                .build()) {
            out.write(first);
        }
        assertThat(SERVER.get(bucket, "cond/multi.bin")).isEqualTo(first);
        byte[] second = random(PART + 1, 10);
        S3ObjectOutputStream again = S3ObjectOutputStream.builder(s3, bucket, "cond/multi.bin").partSize(PART)
                .ifNoneMatch(true).build();
        again.write(second);
        assertThatThrownBy(again::commit).isInstanceOfSatisfying(S3StorageException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(412);
            assertThat(e.errorCode()).isEqualTo("PreconditionFailed");
            assertThat(e).hasMessageContaining("CompleteMultipartUpload failed for s3://" + bucket);
        });
        assertThat(SERVER.get(bucket, "cond/multi.bin")).isEqualTo(first);
        // The failed commit aborted its upload: no parts left to pay for.
        assertThat(SERVER.client().listMultipartUploads(r -> r.bucket(bucket).prefix("cond/")).uploads()).isEmpty();
    }

    @Test
    void storageClassAndEncryptionReachTheObject() throws IOException {
        // s3proxy keeps storage class and SSE; it rejects tagging (501), which ObjectWriteOptionsTest covers instead.
        ObjectWriteOptions options = new ObjectWriteOptions("STANDARD_IA", "AES256", "", Map.of());
        try (S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, bucket, "opts/small.bin").partSize(PART)
                .writeOptions(options).build()) {
            out.write(random(100, 3));
        }
        var head = s3.headObject(r -> r.bucket(bucket).key("opts/small.bin"));
        assertThat(head.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(head.serverSideEncryptionAsString()).isEqualTo("AES256");
    }
}
