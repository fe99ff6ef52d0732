package dev.tiered.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The fault-injecting proxy between a real AWS SDK v2 S3 client (both HTTP clients) and s3proxy. */
class FaultInjectingProxyIT {

    private static final int MIB = 1024 * 1024;
    private static S3TestServer s3;
    private static String bucket;

    private FaultInjectingProxy proxy;
    private final List<S3Client> clients = new ArrayList<>();

    /** The HTTP client under the SDK: the test kit's default, and the one the S3 sink uses. */
    enum Http { URL_CONNECTION, APACHE }

    @BeforeAll
    static void createBucket() {
        s3 = S3TestServer.shared();
        bucket = s3.createBucket("fault-proxy");
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultInjectingProxy.to(s3.endpoint()).start();
    }

    @AfterEach
    void closeProxy() {
        clients.forEach(S3Client::close);
        proxy.close();
    }

    @ParameterizedTest
    @EnumSource(Http.class)
    void passesEverythingThrough(Http http) {
        S3Client client = client(http, 0);
        String prefix = "pass/" + http + "/";
        client.putObject(r -> r.bucket(bucket).key(prefix + "small.json"), RequestBody.fromString("{\"id\":1}"));
        assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + "small.json")).asUtf8String())
                .isEqualTo("{\"id\":1}");

        byte[] big = randomBytes(6 * MIB, 1);
        client.putObject(r -> r.bucket(bucket).key(prefix + "big.bin"), RequestBody.fromBytes(big));
        assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + "big.bin")).asByteArray()).isEqualTo(big);

        byte[] part1 = randomBytes(5 * MIB, 2);
        byte[] part2 = randomBytes(MIB, 3);
        String key = prefix + "multipart.bin";
        String uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        String etag1 = client.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String etag2 = client.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(part2)).eTag();
        client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                CompletedPart.builder().partNumber(2).eTag(etag2).build())));
        byte[] expected = new byte[part1.length + part2.length];
        System.arraycopy(part1, 0, expected, 0, part1.length);
        System.arraycopy(part2, 0, expected, part1.length, part2.length);
        assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()).isEqualTo(expected);

        assertThat(client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents())
                .extracting(S3Object::key)
                .containsExactly(prefix + "big.bin", prefix + "multipart.bin", prefix + "small.json");
        assertThat(proxy.connectionsAccepted()).isPositive();
        assertThat(proxy.answeredWith503()).isZero();
        assertThat(proxy.connectionsReset()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Http.class)
    void answers503SlowDownWithoutForwarding(Http http) {
        S3Client client = client(http, 1);
        String key = "503/" + http + "/object";
        client.headBucket(r -> r.bucket(bucket)); // a pooled keep-alive connection, which the fault must not miss

        proxy.failWith503(2);
        assertThatThrownBy(() -> client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                });
        assertThatThrownBy(() -> client.headBucket(r -> r.bucket(bucket)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(s3.keys(bucket, key)).as("a 503'd request never reaches the server").isEmpty();

        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x"));
        assertThat(s3.keys(bucket, key)).containsExactly(key);
        assertThat(proxy.answeredWith503()).isEqualTo(2);
        assertThat(proxy.faultLog()).anySatisfy(line -> assertThat(line).contains("answered 503 to PUT /" + bucket));
    }

    @ParameterizedTest
    @EnumSource(Http.class)
    void sdkRetriesThroughABurstOf503(Http http) {
        S3Client client = client(http, 0);
        String key = "503-retried/" + http + "/object";
        proxy.failWith503(2);

        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("retried"));

        assertThat(proxy.answeredWith503()).isEqualTo(2);
        assertThat(s3.get(bucket, key)).asString(StandardCharsets.UTF_8).isEqualTo("retried");
    }

    @Test
    void answers503ForADurationThenPassesAgain() {
        S3Client client = client(Http.APACHE, 1);
        proxy.failWith503For(Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.headBucket(r -> r.bucket(bucket)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(() -> client.headBucket(r -> r.bucket(bucket)));
        assertThat(proxy.answeredWith503()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void slowsEveryRequestDown() {
        S3Client client = client(Http.APACHE, 1);
        client.headBucket(r -> r.bucket(bucket));
        Duration delay = Duration.ofMillis(400);
        proxy.slow(delay);

        long begin = System.nanoTime();
        client.putObject(r -> r.bucket(bucket).key("slow/object"), RequestBody.fromString("slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(delay);
        begin = System.nanoTime();
        assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key("slow/object")).asUtf8String()).isEqualTo("slow");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(delay);

        assertThat(proxy.requestsDelayed()).isGreaterThanOrEqualTo(2);
        assertThat(proxy.connectionsCut()).as("slow keeps open connections").isZero();
    }

    @ParameterizedTest
    @EnumSource(Http.class)
    void resetsTheNextConnection(Http http) {
        S3Client client = client(http, 1);
        String key = "reset-next/" + http + "/object";
        client.headBucket(r -> r.bucket(bucket)); // a pooled keep-alive connection, which the fault must not miss
        proxy.resetNext(1);

        assertThatThrownBy(() -> client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x")))
                .isInstanceOf(SdkClientException.class);
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x"));

        assertThat(proxy.connectionsReset()).isEqualTo(1);
        assertThat(s3.keys(bucket, key)).containsExactly(key);
        assertThat(proxy.faultLog()).anySatisfy(line -> assertThat(line).contains("(resetNext)").contains("PUT /"));
    }

    @Test
    void resetsARequestInFlight() {
        S3Client client = client(Http.APACHE, 1);
        s3.put(bucket, "in-flight/object", "content".getBytes(StandardCharsets.UTF_8));
        proxy.slow(Duration.ofMinutes(5));
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(
                () -> client.getObjectAsBytes(r -> r.bucket(bucket).key("in-flight/object")).asUtf8String());
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.requestsDelayed() == 1);

        assertThat(proxy.resetConnections()).isEqualTo(1);

        assertThat(inFlight).failsWithin(Duration.ofSeconds(20))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(SdkClientException.class);
        proxy.passThrough();
        assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key("in-flight/object")).asUtf8String())
                .isEqualTo("content");
        assertThat(proxy.connectionsReset()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Http.class)
    void isUnreachableWhileDown(Http http) {
        S3Client client = client(http, 1);
        client.headBucket(r -> r.bucket(bucket));

        proxy.down();
        assertThat(proxy.isDown()).isTrue();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.headBucket(r -> r.bucket(bucket))).isInstanceOf(SdkClientException.class);
        }
        assertThat(proxy.connectionsReset()).isGreaterThanOrEqualTo(2);

        proxy.up();
        assertThat(proxy.isDown()).isFalse();
        client.headBucket(r -> r.bucket(bucket));
    }

    @Test
    void isUnreachableForADuration() {
        S3Client client = client(Http.APACHE, 1);
        proxy.downFor(Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.headBucket(r -> r.bucket(bucket))).isInstanceOf(SdkClientException.class);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(() -> client.headBucket(r -> r.bucket(bucket)));
        assertThat(proxy.isDown()).isFalse();
    }

    @Test
    void aStuckConnectionDoesNotHoldUpOthers() throws Exception {
        S3Client client = client(Http.APACHE, 1);
        proxy.failWith503(1);
        try (Socket stuck = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            OutputStream out = stuck.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // never ends its head
            out.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.openConnections() == 1);

            assertThatThrownBy(() -> client.headBucket(r -> r.bucket(bucket)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
            client.headBucket(r -> r.bucket(bucket));
        }
        assertThat(proxy.answeredWith503()).isEqualTo(1);
    }

    @Test
    void closeStopsEverythingAndIsIdempotent() {
        S3Client client = client(Http.APACHE, 1);
        client.headBucket(r -> r.bucket(bucket));
        String threadPrefix = "fault-proxy-" + proxy.endpoint().getPort() + "-";
        assertThat(liveThreads(threadPrefix)).isNotEmpty();

        proxy.close();
        proxy.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> liveThreads(threadPrefix).isEmpty());
        assertThat(proxy.openConnections()).isZero();
        assertThatThrownBy(() -> client.headBucket(r -> r.bucket(bucket))).isInstanceOf(SdkClientException.class);
        assertThatThrownBy(proxy::start).isInstanceOf(IllegalStateException.class);
        assertThat(proxy.faultLog()).first().asString().contains("started");
        assertThat(proxy.faultLog()).last().asString().contains("closed");
    }

    private S3Client client(Http http, int maxAttempts) {
        S3ClientBuilder builder = s3.clientBuilder().endpointOverride(proxy.endpoint());
        if (http == Http.APACHE) {
            builder.httpClientBuilder(ApacheHttpClient.builder());
        }
        if (maxAttempts > 0) {
            builder.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(maxAttempts)));
        }
        S3Client client = builder.build();
        clients.add(client);
        return client;
    }

    private static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .toList();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
