package dev.tiered.connect.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** Part arithmetic and the state machine against an in-memory fake; tiny parts are allowed for the fake only. */
class S3ObjectOutputStreamTest {

    /** Records the parts it receives; {@code failPart} makes that UploadPart fail. */
    static final class FakeS3 implements S3Client {
        final List<Integer> partSizes = new ArrayList<>();
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        int failPart = -1;
        boolean aborted;
        boolean completed;

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }

        private byte[] read(RequestBody body) {
            try (var in = body.contentStreamProvider().newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            content.writeBytes(read(body));
            completed = true;
            return PutObjectResponse.builder().build();
        }

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            return CreateMultipartUploadResponse.builder().uploadId("u1").build();
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
            if (request.partNumber() == failPart) {
                throw (S3Exception) S3Exception.builder().statusCode(500).message("boom").build();
            }
            byte[] bytes = read(body);
            assertThat(request.partNumber()).isEqualTo(partSizes.size() + 1);
            assertThat(request.contentLength()).isEqualTo(bytes.length);
            partSizes.add(bytes.length);
            content.writeBytes(bytes);
            return UploadPartResponse.builder().eTag("e" + request.partNumber()).build();
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            assertThat(request.multipartUpload().parts()).hasSize(partSizes.size());
            completed = true;
            return CompleteMultipartUploadResponse.builder().build();
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
            aborted = true;
            return AbortMultipartUploadResponse.builder().build();
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @ParameterizedTest(name = "{0} bytes in parts of 10 -> {1} requests")
    @CsvSource({
        "0, 1, ''",
        "1, 1, ''",
        "10, 1, ''",
        "11, 4, '10,1'",
        "20, 4, '10,10'",
        "25, 5, '10,10,5'",
        "100, 12, '10,10,10,10,10,10,10,10,10,10'",
    })
    void partArithmetic(int size, long requests, String parts) throws IOException {
        FakeS3 s3 = new FakeS3();
        CountingRequestCounter counter = new CountingRequestCounter();
        S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, "b", "k").partSize(10)
                .allowSmallPartsForTesting().requestCounter(counter).build();
        byte[] data = bytes(size);
        for (int i = 0; i < size; i += 3) {
            out.write(data, i, Math.min(3, size - i));
            assertThat(out.bufferedBytes()).isLessThanOrEqualTo(10);
        }
        out.close();
        assertThat(counter.totalRequests()).isEqualTo(requests);
        assertThat(s3.partSizes).map(String::valueOf).containsExactly(parts.isEmpty() ? new String[0]
                : parts.split(","));
        assertThat(s3.content.toByteArray()).isEqualTo(data);
        assertThat(out.bytesUploaded()).isEqualTo(size);
        assertThat(out.bytesWritten()).isEqualTo(size);
        assertThat(counter.totalBytes()).isEqualTo(size);
        assertThat(s3.completed).isTrue();
    }

    @Test
    void failedPartBreaksTheStreamAndCloseAborts() throws IOException {
        FakeS3 s3 = new FakeS3();
        s3.failPart = 2;
        CountingRequestCounter counter = new CountingRequestCounter();
        S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, "bkt", "a/key").partSize(10)
                .allowSmallPartsForTesting().requestCounter(counter).build();
        out.write(bytes(20));
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(S3StorageException.class)
                .hasMessageContaining("UploadPart 2 failed for s3://bkt/a/key: HTTP 500");
        assertThatThrownBy(out::commit).isInstanceOf(IOException.class);
        out.close();
        assertThat(s3.aborted).isTrue();
        assertThat(s3.completed).isFalse();
        assertThat(counter.failures(Request.UPLOAD_PART)).isEqualTo(1);
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.CREATE_MULTIPART_UPLOAD, 1L,
                Request.UPLOAD_PART, 2L, Request.ABORT_MULTIPART_UPLOAD, 1L));
    }

    @Test
    void commitIsIdempotentAndAbortAfterCommitIsANoOp() throws IOException {
        FakeS3 s3 = new FakeS3();
        CountingRequestCounter counter = new CountingRequestCounter();
        S3ObjectOutputStream out = S3ObjectOutputStream.builder(s3, "b", "k").partSize(10)
                .allowSmallPartsForTesting().requestCounter(counter).build();
        out.write(bytes(5));
        out.commit();
        out.commit();
        out.close();
        out.abort();
        assertThat(counter.snapshot()).isEqualTo(Map.of(Request.PUT_OBJECT, 1L));
        assertThat(s3.aborted).isFalse();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("committed");
    }

    @Test
    void partSizeBelowS3MinimumIsRejected() {
        assertThatThrownBy(() -> S3ObjectOutputStream.builder(new FakeS3(), "b", "k").partSize(1024).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5242880");
    }

    @Test
    void bufferGrowsLazilyUpToOnePart() throws IOException {
        S3ObjectOutputStream out = S3ObjectOutputStream.builder(new FakeS3(), "b", "k")
                .partSize(S3StorageConfig.MIN_PART_SIZE).build();
        assertThat(out.bufferedBytes()).isZero();
        out.write(1);
        assertThat(out.bufferedBytes()).isEqualTo(64 * 1024);
        out.write(new byte[S3StorageConfig.MIN_PART_SIZE]);
        assertThat(out.bufferedBytes()).isEqualTo(S3StorageConfig.MIN_PART_SIZE);
        assertThat(out.partsUploaded()).isEqualTo(1);
        out.abort();
        assertThat(out.bufferedBytes()).isZero();
    }
}
