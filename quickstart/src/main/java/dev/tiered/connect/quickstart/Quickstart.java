package dev.tiered.connect.quickstart;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * {@code ./quickstart.sh}: the whole pipeline on this machine. See {@link QuickstartOptions#USAGE}.
 *
 * <p>No logger here on purpose: the log file's location must be set before logging starts.
 */
public final class Quickstart {

    private final QuickstartOptions options;
    private final PrintStream out;

    Quickstart(QuickstartOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("inspect")) {
            System.exit(inspect(args));
        }
        QuickstartOptions options;
        try {
            if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
                System.out.print(QuickstartOptions.USAGE);
                return;
            }
            options = QuickstartOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("quickstart: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new Quickstart(options, System.out).run();
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println();
            System.err.println("quickstart failed: " + e.getMessage());
            System.err.println("(details in " + options.dataDir().resolve("quickstart.log") + ")");
            status = 1;
        }
        System.exit(status);
    }

    /** Runs the pipeline; returns the exit status (0 when every record was accounted for). */
    int run() {
        requirePortFree(options.restPort());
        DataDir dir = DataDir.prepare(options.dataDir());
        System.setProperty("tiered.quickstart.log", dir.log().toString());
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-quickstart.xml");
        }
        Path archive = DataDir.findArchive(options.archive());
        out.println("Tiered Connect quickstart: data in " + dir.root() + ", log in " + dir.log());
        out.println("Installing " + archive.getFileName() + " on plugin.path " + dir.plugins());
        Path component = dir.install(archive);
        Path examples = DataDir.findExamples(options.examples(), component);

        out.println("Starting services");
        Services services = Services.start(dir.plugins(), dir.s3(), options.restPort(), out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println();
            out.println("Stopping: connectors, workers, broker, S3 and PostgreSQL...");
            stopped.countDown();
        }, "quickstart-stop-message");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            boolean complete = runPipeline(services, examples, dir);
            if (options.exitWhenDone()) {
                return complete ? 0 : 1;
            }
            out.println();
            out.println("The Connect REST API stays up at http://localhost:" + options.restPort()
                    + "/ - try: curl -s localhost:" + options.restPort() + "/connectors?expand=status");
            out.println("Press Ctrl-C to stop everything.");
            stopped.await();
            return complete ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                out.println("Stopping: connectors, workers, broker, S3 and PostgreSQL...");
                services.close();
                out.println("Stopped.");
            } catch (IllegalStateException jvmExiting) {
                // Ctrl-C: the test kit's shutdown hook stops everything in a safe order
            }
        }
    }

    private boolean runPipeline(Services services, Path examples, DataDir dir) {
        ConnectRest rest = new ConnectRest(options.restPort());
        rest.awaitUp(Duration.ofSeconds(60));
        Connectors connectors = Connectors.load(examples, options, services);
        PipelineProbe probe = new PipelineProbe(new KafkaTopics(services.cluster().admin(),
                services.cluster().bootstrapServers()), new JmxMetrics(), connectors);

        DemoShop shop = new DemoShop(services.postgres(), services.database(), options.cdcRate());
        int snapshotRows = shop.createSchema();
        out.println("Creating connectors through " + rest.base() + " from " + examples);
        Connectors.create(connectors.cdc, rest, out::println);
        await("the CDC snapshot of " + snapshotRows + " rows", Duration.ofSeconds(90),
                () -> probe.counts().changes() >= snapshotRows);
        shop.startWriting();
        Connectors.create(connectors.eventsSink, rest, out::println);
        Connectors.create(connectors.cdcSink, rest, out::println);
        probe.kafka().createWithAppendTime(connectors.eventsTopic() + ".hot");
        Connectors.create(connectors.generator, rest, out::println);
        out.printf("Generating %,d events at %s/s (%.0f%% meant to be hot) and %s PostgreSQL changes/s%n",
                options.events(), options.rate() == 0 ? "max" : String.format("%,.0f", options.rate()),
                100 * options.hotShare(), String.format("%,.0f", options.cdcRate()));

        boolean complete = true;
        String reason = null;
        try (Progress progress = new Progress(probe, out).start()) {
            double seconds = options.rate() == 0 ? options.events() / 2_000.0 : options.events() / options.rate();
            Duration generation = Duration.ofSeconds(120 + (long) (3 * seconds));
            try {
                await(options.events() + " events routed", generation,
                        () -> probe.counts().events() >= options.events());
                shop.stopWriting();
                long changes = snapshotRows + shop.changeEvents();
                await(changes + " change events routed", Duration.ofSeconds(90),
                        () -> probe.counts().changes() >= changes);
                await("the S3 sinks to commit every cold record", Duration.ofSeconds(90).plus(
                        options.flushInterval().multipliedBy(3)), () -> probe.sinkLag() == 0);
                out.println(progress.line(probe.counts()));
            } catch (IllegalStateException timeout) {
                complete = false;
                reason = timeout.getMessage();
                shop.stopWriting();
            }
        } finally {
            shop.close();
        }
        Report report = Report.collect(probe, connectors, services, dir, complete, reason);
        report.write(dir);
        out.print(report.text());
        return complete;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private static void requirePortFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("localhost"), port));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Port " + port + " on localhost is in use (another Connect worker?): stop"
                    + " what listens there or choose another port with --rest-port");
        }
    }

    private static int inspect(String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            System.err.println("Usage: ./quickstart.sh inspect <file.parquet> [--rows N]");
            return 2;
        }
        int rows = 5;
        if (args.length >= 4 && args[2].equals("--rows")) {
            rows = Integer.parseInt(args[3]);
        }
        Path file = Paths.get(args[1]);
        if (!java.nio.file.Files.isRegularFile(file)) {
            System.err.println("quickstart inspect: no such file " + file);
            return 2;
        }
        ParquetFiles.inspect(file, rows, System.out);
        return 0;
    }
}
