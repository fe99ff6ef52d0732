package dev.tiered.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** The in-JVM S3 server, for real, through the AWS SDK v2 with its default checksum behaviour. */
class S3TestServerIT {

    private static final int MIB = 1024 * 1024;
    private static S3TestServer s3;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startSharedServer() {
        s3 = S3TestServer.shared();
        System.out.printf("[testkit] shared S3 server (s3proxy, in memory): start %d ms%n",
                s3.startupDuration().toMillis());
    }

    @Test
    void sharedServerIsOnePerJvmAndCannotBeStoppedByATest() {
        assertThat(S3TestServer.shared()).isSameAs(s3);
        assertThat(s3.endpoint().toString()).startsWith("http://127.0.0.1:");
        assertThat(s3.region()).isEqualTo("us-east-1");
        assertThat(s3.accessKey()).isNotBlank();
        assertThat(s3.secretKey()).isNotBlank();
        assertThatThrownBy(s3::stop).isInstanceOf(UnsupportedOperationException.class);
        s3.close();
        s3.client().close();
        assertThat(s3.isRunning()).isTrue();
        assertThat(s3.client().listBuckets().buckets()).isNotNull();
    }

    @Test
    void bucketNamesAreUniqueAndValid() {
        List<String> buckets = new ArrayList<>();
        for (String prefix : List.of("sink", "My_Bucket!!", "", "-x-", "1digit", "a".repeat(100), "xn--punycode")) {
            buckets.add(s3.createBucket(prefix));
        }
        buckets.add(s3.createBucket("sink"));
        assertThat(buckets).doesNotHaveDuplicates();
        assertThat(buckets).allSatisfy(bucket -> {
            assertThat(bucket).matches("[a-z][a-z0-9-]{1,61}[a-z0-9]").doesNotStartWith("xn--");
            s3.client().headBucket(request -> request.bucket(bucket));
        });
    }

    @Test
    void putListAndGetObjects() {
        String bucket = s3.createBucket("objects");
        s3.put(bucket, "topics/orders/part-0.json", "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
        s3.put(bucket, "topics/orders/part-1.json", "{\"id\":2}".getBytes(StandardCharsets.UTF_8));
        s3.put(bucket, "topics/payments/part-0.json", "{\"id\":3}".getBytes(StandardCharsets.UTF_8));

        assertThat(s3.keys(bucket, "topics/orders/"))
                .containsExactly("topics/orders/part-0.json", "topics/orders/part-1.json");
        assertThat(s3.list(bucket, null)).extracting(S3Object::size).containsExactly(8L, 8L, 8L);
        assertThat(new String(s3.get(bucket, "topics/payments/part-0.json"), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":3}");
        assertThatThrownBy(() -> s3.get(bucket, "missing"))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void listingFollowsContinuationTokens() {
        String bucket = s3.createBucket("many");
        for (int i = 0; i < 7; i++) {
            s3.put(bucket, "k/" + i, new byte[] {(byte) i});
        }
        s3.put(bucket, "other", new byte[] {0});
        assertThat(s3.list(bucket, "k/", 2)).extracting(S3Object::key)
                .containsExactly("k/0", "k/1", "k/2", "k/3", "k/4", "k/5", "k/6");
    }

    @Test
    void multipartUploadOfTwoFiveMibPartsWithDefaultChecksums() {
        String bucket = s3.createBucket("multipart");
        String key = "big/object.bin";
        byte[] part1 = randomBytes(5 * MIB, 1);
        byte[] part2 = randomBytes(5 * MIB, 2);
        List<String> checksumTrailers = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                context.httpRequest().firstMatchingHeader("x-amz-trailer").ifPresent(checksumTrailers::add);
            }
        };
        try (S3Client client = s3.clientBuilder()
                .overrideConfiguration(override -> override.addExecutionInterceptor(recorder))
                .build()) {
            String uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
            UploadPartResponse first = client.uploadPart(
                    request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                    RequestBody.fromBytes(part1));
            UploadPartResponse second = client.uploadPart(
                    request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
                    RequestBody.fromBytes(part2));
            assertThat(s3.keys(bucket, "big/")).as("nothing visible before completion").isEmpty();
            client.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(
                            CompletedPart.builder().partNumber(1).eTag(first.eTag()).build(),
                            CompletedPart.builder().partNumber(2).eTag(second.eTag()).build())));
        }
        assertThat(checksumTrailers).as("the SDK's default: a CRC32 trailer on every part (aws-chunked upload)")
                .containsExactly("x-amz-checksum-crc32", "x-amz-checksum-crc32");

        HeadObjectResponse head = s3.client().headObject(request -> request.bucket(bucket).key(key));
        assertThat(head.contentLength()).isEqualTo(10L * MIB);
        assertThat(head.eTag()).endsWith("-2\"");
        byte[] whole = s3.get(bucket, key);
        assertThat(Arrays.equals(Arrays.copyOfRange(whole, 0, 5 * MIB), part1)).isTrue();
        assertThat(Arrays.equals(Arrays.copyOfRange(whole, 5 * MIB, 10 * MIB), part2)).isTrue();
    }

    @Test
    void explicitChecksumAlgorithmsAreAcceptedToo() {
        // (CRC64_NVME would need the AWS CRT library in the client, not a server feature.)
        String bucket = s3.createBucket("checksums");
        for (ChecksumAlgorithm algorithm : List.of(ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
            String key = "with-" + algorithm;
            s3.client().putObject(request -> request.bucket(bucket).key(key).checksumAlgorithm(algorithm),
                    RequestBody.fromBytes(randomBytes(100_000, 3)));
            assertThat(s3.get(bucket, key)).hasSize(100_000);
        }
    }

    @Test
    void aWrongChecksumIsRejected() {
        String bucket = s3.createBucket("bad-digest");
        assertThatThrownBy(() -> s3.client().putObject(
                request -> request.bucket(bucket).key("corrupt").checksumCRC32("AAAAAA=="),
                RequestBody.fromBytes("payload".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(s3.keys(bucket, "")).isEmpty();
    }

    @Test
    void filesystemServerKeepsObjectsAsPlainFiles() throws Exception {
        Path root = tempDir.resolve("s3");
        try (S3TestServer server = S3TestServer.filesystem(root)) {
            System.out.printf("[testkit] filesystem S3 server: start %d ms%n", server.startupDuration().toMillis());
            assertThat(server.directory()).contains(root.toAbsolutePath());
            String bucket = server.createBucket("files");
            server.put(bucket, "dt=2024-01-01/part-0.parquet", "PAR1".getBytes(StandardCharsets.UTF_8));
            Path file = root.resolve(bucket).resolve("dt=2024-01-01").resolve("part-0.parquet");
            assertThat(file).exists().hasContent("PAR1");
            assertThat(server.keys(bucket, "")).containsExactly("dt=2024-01-01/part-0.parquet");
        }
        assertThat(Files.list(root)).isNotEmpty(); // objects outlive the server
    }

    @Test
    void ownServerCanBeStoppedAndRestartedOnTheSamePortKeepingItsObjects() {
        try (S3TestServer server = S3TestServer.inMemory()) {
            String bucket = server.createBucket("outage");
            server.put(bucket, "before", new byte[] {1});
            String endpoint = server.endpoint().toString();

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.get(bucket, "before")).isInstanceOf(SdkClientException.class);

            server.start();
            assertThat(server.endpoint()).hasToString(endpoint);
            assertThat(server.get(bucket, "before")).containsExactly(1);
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
