package dev.tiered.connect.quickstart;

import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.S3TestServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The infrastructure, all in this JVM except PostgreSQL (a child process): a Kafka broker and 2 Connect workers in
 * distributed mode with {@code plugin.path} pointing at the unzipped archive and one worker's REST API on a fixed
 * port, s3proxy keeping objects as plain files, and PostgreSQL with logical replication. Everything registers with the
 * test kit's shutdown hook, so Ctrl-C stops it in a safe order (workers first, PostgreSQL too).
 */
final class Services implements AutoCloseable {

    static final String BUCKET = "events-lake";
    static final int WORKERS = 2;

    private final PostgresTestServer postgres;
    private final S3TestServer s3;
    private final ConnectTestCluster cluster;
    private final String database;

    private Services(PostgresTestServer postgres, S3TestServer s3, ConnectTestCluster cluster, String database) {
        this.postgres = postgres;
        this.s3 = s3;
        this.cluster = cluster;
        this.database = database;
    }

    static Services start(Path pluginPath, Path s3Directory, int restPort, Consumer<String> say) {
        PostgresTestServer postgres = null;
        S3TestServer s3 = null;
        try {
            long begin = System.nanoTime();
            postgres = PostgresTestServer.dedicated();
            String database = postgres.createDatabase("shop");
            say.accept(String.format("  PostgreSQL 17      %s:%d, database %s (logical replication)    %s",
                    postgres.host(), postgres.port(), database, took(begin)));

            begin = System.nanoTime();
            s3 = S3TestServer.filesystem(s3Directory);
            S3TestServer server = s3;
            server.client().createBucket(request -> request.bucket(BUCKET));
            say.accept(String.format("  S3 (s3proxy)       %s, bucket %s, objects as files under %s    %s",
                    s3.endpoint(), BUCKET, s3Directory.resolve(BUCKET), took(begin)));

            begin = System.nanoTime();
            ConnectTestCluster cluster;
            // Kafka's storage formatter prints to System.out while the broker starts: keep the terminal for progress.
            PrintStream terminal = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                cluster = ConnectTestCluster.builder()
                        .name("quickstart")
                        .workers(WORKERS)
                        .restPort(restPort)
                        .pluginPath(pluginPath)
                        // Two partitions per topic, so both workers' tasks get work.
                        .brokerProperty("num.partitions", "2")
                        .build()
                        .start();
            } finally {
                System.setOut(terminal);
            }
            say.accept(String.format("  Kafka + Connect    broker %s, %d workers (distributed), REST http://localhost:%d    %s",
                    cluster.bootstrapServers(), WORKERS, restPort, took(begin)));
            return new Services(postgres, s3, cluster, database);
        } catch (RuntimeException | Error e) {
            closeQuietly(s3);
            closeQuietly(postgres);
            throw e;
        }
    }

    PostgresTestServer postgres() {
        return postgres;
    }

    S3TestServer s3() {
        return s3;
    }

    ConnectTestCluster cluster() {
        return cluster;
    }

    String database() {
        return database;
    }

    /** Stops the workers and the broker, then S3 and PostgreSQL. */
    @Override
    public void close() {
        closeQuietly(cluster);
        closeQuietly(s3);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + closeable + ": " + e);
        }
    }

    private static String took(long beginNanos) {
        return String.format("(%.1f s)", (System.nanoTime() - beginNanos) / 1e9);
    }
}
