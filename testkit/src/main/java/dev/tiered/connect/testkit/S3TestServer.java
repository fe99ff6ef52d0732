package dev.tiered.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server in the test JVM (<a href="https://github.com/gaul/s3proxy">s3proxy</a>), with AWS
 * signature v2/v4 authentication, reached over plain HTTP on {@code 127.0.0.1}.
 *
 * <pre>{@code
 * S3TestServer s3 = S3TestServer.shared();
 * String bucket = s3.createBucket("sink");                 // e.g. "sink-4-x81kq0"
 * // ... run the connector with s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), path-style access ...
 * List<S3Object> files = s3.list(bucket, "topics/orders/");
 * byte[] parquet = s3.get(bucket, files.get(0).key());
 * }</pre>
 *
 * <p>Clients must use path-style access ({@code forcePathStyle(true)}): there is no DNS for virtual-host buckets.
 * The AWS SDK v2's default request checksums (CRC32, sent as an aws-chunked trailer) and response validation work
 * against this server; no checksum setting is needed.
 */
public final class S3TestServer extends TestService {

    private static final Logger LOG = LoggerFactory.getLogger(S3TestServer.class);
    private static final String REGION = "us-east-1";
    private static final String ACCESS_KEY = "tiered-test-access-key";
    private static final String SECRET_KEY = "tiered-test-secret-key";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final SharedInstance<S3TestServer> SHARED = new SharedInstance<>(
            "S3 server",
            () -> {
                S3TestServer server = new S3TestServer(new TransientNio2BlobStore(), null);
                server.markShared();
                return server.start();
            });

    private final BlobStore blobStore;
    private final Path directory;
    private volatile S3Proxy proxy;
    private volatile int port;
    private volatile Duration startupDuration;
    private UncloseableS3Client client;

    private S3TestServer(BlobStore blobStore, Path directory) {
        super("S3 test server");
        this.blobStore = blobStore;
        this.directory = directory;
    }

    /**
     * The server shared by all tests of this JVM, keeping objects in memory; started by the first call
     * (thread-safe), stopped by a JVM shutdown hook. {@link #close()} and {@link #stop()} on it are refused or ignored.
     * Use {@link #createBucket(String)} for a bucket of one's own.
     */
    public static S3TestServer shared() {
        return SHARED.get();
    }

    /** A started server of one's own keeping objects in memory; close it when done. */
    public static S3TestServer inMemory() {
        return new S3TestServer(new TransientNio2BlobStore(), null).start();
    }

    /**
     * A started server of one's own that keeps every object as the plain file {@code <dir>/<bucket>/<key>} (the
     * directory is created if needed; in-flight multipart parts are hidden {@code .mpus-*} files). Objects stay on
     * disk after {@link #close()}.
     */
    public static S3TestServer filesystem(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the S3 server's directory " + absolute, e);
        }
        return new S3TestServer(new FilesystemNio2BlobStore(absolute.toString()), absolute).start();
    }

    /**
     * Starts serving, on the same port as before if it was {@linkplain #stop() stopped} (objects are kept).
     * Does nothing if running.
     */
    public synchronized S3TestServer start() {
        ensureOpen();
        if (proxy != null) {
            return this;
        }
        long begin = System.nanoTime();
        S3Proxy server = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            server.start();
            Awaitility.await("s3proxy started")
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> "STARTED".equals(server.getState()));
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            String state = safeState(server);
            throw new IllegalStateException("S3 test server (s3proxy, " + (directory == null ? "in memory" : directory)
                    + ") did not start on 127.0.0.1:" + (port == 0 ? "<any port>" : port) + ", state " + state
                    + ": " + (e instanceof ConditionTimeoutException ? "not STARTED within " + START_TIMEOUT : e), e);
        }
        port = server.getPort();
        proxy = server;
        ShutdownHooks.register(this, ShutdownHooks.Phase.SERVICES, "s3-server-" + port, this::shutdown);
        startupDuration = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("S3 test server started in {} ms at {} ({})", startupDuration.toMillis(), endpoint(),
                directory == null ? "in memory" : directory);
        return this;
    }

    @Override
    void stopServing() {
        stopProxy();
    }

    @Override
    String ownInstanceHint() {
        return "Use S3TestServer.inMemory() or filesystem(dir) for a server of your own.";
    }

    @Override
    void releaseForGood() {
        if (client != null) {
            client.closeForReal();
            client = null;
        }
        stopProxy();
        blobStore.close();
    }

    private void stopProxy() {
        S3Proxy server = proxy;
        proxy = null;
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the S3 test server at " + endpoint() + ": " + e, e);
            }
        }
    }

    /** Whether the server is answering requests. */
    public boolean isRunning() {
        return proxy != null;
    }

    /** How long the last {@link #start()} took. */
    public Duration startupDuration() {
        return Objects.requireNonNull(startupDuration, "not started");
    }

    /** The endpoint to configure in clients and connectors, e.g. {@code http://127.0.0.1:37521}. */
    public URI endpoint() {
        if (port == 0) {
            throw new IllegalStateException("S3 test server not started");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Always {@code us-east-1}. */
    public String region() {
        return REGION;
    }

    /** The access key id the server accepts. */
    public String accessKey() {
        return ACCESS_KEY;
    }

    /** The secret access key the server accepts. */
    public String secretKey() {
        return SECRET_KEY;
    }

    /** For a {@linkplain #filesystem(Path) filesystem server}: its directory ({@code <dir>/<bucket>/<key>}). */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * Creates a bucket with a unique, valid name derived from {@code nameOrPrefix} (lowercased, other characters than
     * letters, digits and {@code -} replaced, 3 to 63 characters, plus a unique suffix) and returns that name.
     */
    public String createBucket(String nameOrPrefix) {
        String bucket = TestNames.uniqueRestricted(nameOrPrefix, "[^a-z0-9-]", '-', 63);
        if (bucket.startsWith("xn--") || bucket.startsWith("sthree-")) {
            bucket = TestNames.uniqueRestricted("b-" + bucket, "[^a-z0-9-]", '-', 63);
        }
        String name = bucket;
        client().createBucket(request -> request.bucket(name));
        return name;
    }

    /**
     * An S3 client for this server (AWS SDK v2, URL-connection HTTP client, path-style, static credentials, SDK
     * default checksums), shared and owned by the server: {@code close()} on it does nothing.
     */
    public synchronized S3Client client() {
        if (client == null) {
            client = new UncloseableS3Client(clientBuilder().build());
        }
        return client;
    }

    /**
     * A builder preconfigured like {@link #client()}, to change a setting (e.g. checksum behaviour, timeouts); the
     * caller closes what it builds.
     */
    public S3ClientBuilder clientBuilder() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                // Name the HTTP client: several implementations are on a typical test classpath.
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** Puts an object. */
    public void put(String bucket, String key, byte[] content) {
        client().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    /** Every object under {@code prefix} (all pages), in key order. An empty or null prefix lists the whole bucket. */
    public List<S3Object> list(String bucket, String prefix) {
        return list(bucket, prefix, 1000);
    }

    List<S3Object> list(String bucket, String prefix, int pageSize) {
        List<S3Object> objects = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).maxKeys(pageSize);
            if (prefix != null && !prefix.isEmpty()) {
                request.prefix(prefix);
            }
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response response = client().listObjectsV2(request.build());
            objects.addAll(response.contents());
            token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    /** The keys of {@link #list(String, String)}. */
    public List<String> keys(String bucket, String prefix) {
        return list(bucket, prefix).stream().map(S3Object::key).toList();
    }

    /** An object's content. */
    public byte[] get(String bucket, String key) {
        return client().getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public String toString() {
        return "S3TestServer[" + (port == 0 ? "not started" : endpoint()) + ", "
                + (directory == null ? "in memory" : directory) + (proxy == null ? ", stopped" : "") + "]";
    }

    private static String safeState(S3Proxy server) {
        try {
            return server.getState();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    /** A client whose {@code close()} does nothing: the server owns it. */
    private static final class UncloseableS3Client extends DelegatingS3Client {
        private final S3Client delegate;

        UncloseableS3Client(S3Client delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public void close() {
            // owned by the server
        }

        void closeForReal() {
            delegate.close();
        }
    }
}
