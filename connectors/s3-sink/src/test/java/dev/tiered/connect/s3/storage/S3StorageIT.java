package dev.tiered.connect.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import dev.tiered.connect.testkit.S3TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3StorageIT {

    static final S3TestServer SERVER = S3TestServer.shared();

    static Map<String, String> props(String bucket) {
        Map<String, String> p = new HashMap<>();
        p.put("s3.bucket.name", bucket);
        p.put("store.url", SERVER.endpoint().toString());
        p.put("s3.region", SERVER.region());
        p.put("s3.path.style.access.enabled", "true");
        p.put("s3.credentials.provider", "static");
        p.put("aws.access.key.id", SERVER.accessKey());
        p.put("aws.secret.access.key", SERVER.secretKey());
        return p;
    }

    @Test
    void factoryClientTalksToTheServer() throws IOException {
        String bucket = SERVER.createBucket("factory");
        try (S3ClientFactory.S3Clients clients = S3ClientFactory.create(S3StorageConfig.of(props(bucket)))) {
            try (S3ObjectOutputStream out = S3ObjectOutputStream.builder(clients.s3(), bucket, "a/b.txt")
                    .partSize(S3StorageConfig.MIN_PART_SIZE).contentType("text/plain").build()) {
                out.write("hello".getBytes());
            }
            assertThat(SERVER.get(bucket, "a/b.txt")).asString().isEqualTo("hello");
            assertThat(clients.s3().headObject(r -> r.bucket(bucket).key("a/b.txt")).contentType())
                    .isEqualTo("text/plain");
        }
    }

    @Test
    void listingFollowsContinuationTokens() throws IOException {
        String bucket = SERVER.createBucket("list");
        List<String> expected = new ArrayList<>();
        // Seeded with generous retries: the JDK's shared keep-alive cache can hand out connections the server has
        // closed after an earlier test's rejected upload, which fail with "Error writing request body to server".
        try (S3Client seeder = SERVER.clientBuilder().overrideConfiguration(o -> o.retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(10).build())).build()) {
            IntStream.range(0, 1005).forEach(i -> {
                String key = String.format("topic/p=%d/file-%05d.parquet", i % 2, i);
                seeder.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[] {1}));
                expected.add(key);
            });
            seeder.putObject(r -> r.bucket(bucket).key("other/x"), RequestBody.fromBytes(new byte[] {1}));
        }
        try (S3ClientFactory.S3Clients clients = S3ClientFactory.create(S3StorageConfig.of(props(bucket)))) {
            CountingRequestCounter counter = new CountingRequestCounter();
            List<String> keys = new S3KeyLister(clients.s3(), 100, counter).listKeys(bucket, "topic/");
            assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(keys).isSorted();
            assertThat(counter.requests(Request.LIST_OBJECTS)).isEqualTo(11);

            CountingRequestCounter full = new CountingRequestCounter();
            assertThat(new S3KeyLister(clients.s3(), full).listKeys(bucket, "topic/")).hasSize(1005);
            assertThat(full.requests(Request.LIST_OBJECTS)).isEqualTo(2);

            assertThat(new S3KeyLister(clients.s3(), full).listKeys(bucket, "nothing/")).isEmpty();
        }
    }

    @Test
    void listingMissingBucketNamesIt() {
        try (S3ClientFactory.S3Clients clients = S3ClientFactory.create(S3StorageConfig.of(
                props("never-created-bucket-l1")))) {
            assertThatThrownBy(() -> new S3KeyLister(clients.s3(), null).listKeys("never-created-bucket-l1", "p/"))
                    .isInstanceOf(S3StorageException.class)
                    .hasMessageContaining("s3://never-created-bucket-l1/")
                    .hasMessageContaining("NoSuchBucket");
        }
    }

    @Test
    void wrongSecretFailsWithoutLeakingIt() throws IOException {
        String bucket = SERVER.createBucket("denied");
        String wrongSecret = "THIS-IS-A-WRONG-SECRET-0123456789abcdef";
        Map<String, String> p = props(bucket);
        p.put("aws.secret.access.key", wrongSecret);
        S3StorageConfig config = S3StorageConfig.of(p);
        assertThat(config.toString()).doesNotContain(wrongSecret);
        try (S3ClientFactory.S3Clients clients = S3ClientFactory.create(config)) {
            CountingRequestCounter counter = new CountingRequestCounter();
            S3ObjectOutputStream out = S3ObjectOutputStream.builder(clients.s3(), bucket, "k/denied.bin")
                    .partSize(S3StorageConfig.MIN_PART_SIZE).requestCounter(counter).build();
            out.write(new byte[100]);
            S3StorageException e = org.junit.jupiter.api.Assertions.assertThrows(S3StorageException.class,
                    out::commit);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(wrongSecret).doesNotContain(SERVER.secretKey());
            assertThat(e).hasMessageContaining("s3://" + bucket + "/k/denied.bin");
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(counter.failures(Request.PUT_OBJECT)).isEqualTo(1);

            // A request without a body gets the 403 deterministically.
            assertThatThrownBy(() -> new S3KeyLister(clients.s3(), null).listKeys(bucket, ""))
                    .isInstanceOfSatisfying(S3StorageException.class, denied -> {
                        assertThat(denied.statusCode()).isEqualTo(403);
                        assertThat(denied).hasMessageContaining("s3://" + bucket + "/").hasMessageContaining("403");
                        StringWriter t = new StringWriter();
                        denied.printStackTrace(new PrintWriter(t));
                        assertThat(t.toString()).doesNotContain(wrongSecret).doesNotContain(SERVER.secretKey());
                    });
        }
        assertThat(SERVER.list(bucket, "")).isEmpty();
    }
}
