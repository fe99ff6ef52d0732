package dev.tiered.connect.quickstart;

import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.S3TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The four connectors, each from its file in config-examples/: the event generator with the router, the PostgreSQL
 * CDC source with the router, and one S3 sink for each source's cold topics.
 */
final class Connectors {

    static final String GENERATOR_FILE = "event-generator-with-router.json";
    static final String CDC_FILE = "postgres-cdc-with-router.json";
    static final String EVENTS_SINK_FILE = "s3-sink-minio.json";
    static final String CDC_SINK_FILE = "s3-sink-cdc-minio.json";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final ConnectorExample generator;
    final ConnectorExample cdc;
    final ConnectorExample eventsSink;
    final ConnectorExample cdcSink;

    private Connectors(ConnectorExample generator, ConnectorExample cdc, ConnectorExample eventsSink,
                       ConnectorExample cdcSink) {
        this.generator = generator;
        this.cdc = cdc;
        this.eventsSink = eventsSink;
        this.cdcSink = cdcSink;
    }

    static Connectors load(Path examples, QuickstartOptions options, Services services) {
        ConnectorExample generator = ConnectorExample.load(examples, GENERATOR_FILE)
                .set("events.per.second", number(options.rate()))
                .set("hot.share", number(options.hotShare()))
                .add("max.events", Long.toString(options.events()));

        PostgresTestServer pg = services.postgres();
        ConnectorExample cdc = ConnectorExample.load(examples, CDC_FILE)
                .set("database.hostname", pg.host())
                .set("database.port", Integer.toString(pg.port()))
                .set("database.user", pg.user())
                .set("database.password", pg.password())
                .set("database.dbname", services.database());

        return new Connectors(generator, cdc, sink(examples, EVENTS_SINK_FILE, options, services.s3()),
                sink(examples, CDC_SINK_FILE, options, services.s3()));
    }

    private static ConnectorExample sink(Path examples, String file, QuickstartOptions options, S3TestServer s3) {
        return ConnectorExample.load(examples, file)
                .set("store.url", s3.endpoint().toString())
                .set("s3.region", s3.region())
                .set("aws.access.key.id", s3.accessKey())
                .set("aws.secret.access.key", s3.secretKey())
                .set("rotate.schedule.interval.ms", Long.toString(options.flushInterval().toMillis()))
                // One broker: the dead letter queue topic cannot have Connect's default 3 replicas.
                .add("errors.deadletterqueue.topic.replication.factor", "1");
    }

    List<ConnectorExample> all() {
        return List.of(cdc, eventsSink, cdcSink, generator);
    }

    List<ConnectorExample> sinks() {
        return List.of(eventsSink, cdcSink);
    }

    /** The generator's topic: its events land on {@code <topic>.hot} and {@code <topic>.cold}. */
    String eventsTopic() {
        return generator.get("topic");
    }

    /** The CDC source's topic prefix: its changes land on {@code <prefix>.<schema>.<table>.hot/.cold}. */
    String cdcPrefix() {
        return cdc.get("topic.prefix");
    }

    static void create(ConnectorExample example, ConnectRest rest, Consumer<String> say) {
        rest.putConnector(example.name(), example.config());
        rest.awaitRunning(example.name(), START_TIMEOUT);
        say.accept(String.format("  %-22s <- %s  (set here: %s)", example.name(), example.file().getFileName(),
                String.join(", ", example.replacedKeys())));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
