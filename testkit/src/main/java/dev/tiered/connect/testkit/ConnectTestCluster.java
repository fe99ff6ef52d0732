package dev.tiered.connect.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster (KRaft) and real Connect workers in distributed mode, all inside the test JVM, built on Kafka's
 * own {@link EmbeddedConnectCluster}.
 *
 * <p>Most tests use the {@linkplain #shared() shared cluster} (1 broker, 2 workers, started once per JVM):
 * <pre>{@code
 * ConnectTestCluster cluster = ConnectTestCluster.shared();
 * String topic = TestNames.unique("events");
 * String connector = TestNames.unique("gen");
 * Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(false));
 * config.put("connector.class", "dev.tiered.connect.datagen.EventGeneratorSourceConnector");
 * config.put("tasks.max", "2");
 * config.put("topic", topic);
 * cluster.connect().configureConnector(connector, config);
 * cluster.awaitConnectorAndTasksRunning(connector, 2, Duration.ofSeconds(60));
 * List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(topic, 100, Duration.ofSeconds(60));
 * cluster.deleteConnectorAndAwait(connector, Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Tests that change the cluster itself (remove workers, stop brokers, install plugins from a {@code plugin.path},
 * enable exactly-once source support) build their own and close it:
 * <pre>{@code
 * try (ConnectTestCluster cluster = ConnectTestCluster.builder()
 *         .name("install-test").workers(1).pluginPath(pluginDir)
 *         .workerProperty("exactly.once.source.support", "enabled")
 *         .build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Workers find plugins with {@code plugin.discovery=service_load}: only plugins listed in {@code META-INF/services}
 * (on the test classpath, or in the {@code plugin.path} given to the builder) are found. Worker defaults: string
 * key/value converters (set converters per connector, e.g. {@link #jsonConverters(boolean)}), source offsets flushed
 * every second, lost tasks reassigned after at most 10 s, {@code connector.client.config.override.policy=All}. Broker
 * defaults: topics auto-created (1 partition), transactions possible on a single broker.
 */
public final class ConnectTestCluster implements AutoCloseable {

    /** Workers in the shared cluster and the builder's default. */
    public static final int DEFAULT_WORKERS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectTestCluster.class);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    /** A connector or task must stay FAILED this long before an await gives up early (a restart may be under way). */
    private static final Duration FAILED_GRACE = Duration.ofSeconds(3);

    private static final SharedInstance<ConnectTestCluster> SHARED = new SharedInstance<>(
            "Kafka + Connect cluster",
            () -> {
                ConnectTestCluster cluster = builder().name("shared").build();
                cluster.shared = true;
                return cluster.start();
            });

    static {
        ShutdownHooks.takeOverKafkaShutdownHooks();
    }

    private final String name;
    private final int workers;
    private final int brokers;
    private final Map<String, String> workerProps;
    private final Properties brokerProps;
    private final int restPort;

    private volatile boolean shared;
    private volatile EmbeddedConnectCluster connect;
    private volatile Duration startupDuration;
    private boolean closed;
    private UncloseableAdmin admin;
    private UncloseableProducer producer;

    private ConnectTestCluster(Builder builder) {
        this.name = builder.name;
        this.workers = builder.workers;
        this.brokers = builder.brokers;
        this.workerProps = new LinkedHashMap<>(builder.workerProps);
        this.brokerProps = new Properties();
        this.brokerProps.putAll(builder.brokerProps);
        this.restPort = builder.restPort;
    }

    /**
     * The cluster shared by all tests of this JVM: 1 broker and {@value #DEFAULT_WORKERS} workers, started by the first
     * call (thread-safe; 6 to 9 s on 2 busy cores, most of it loading classes), stopped at JVM exit. {@link #close()} on it does nothing.
     * Give every topic and connector a {@linkplain TestNames#unique(String) unique name} and delete connectors when
     * done, so tests stay independent.
     *
     * @throws IllegalStateException if the cluster does not start (also on every later call in the same JVM)
     */
    public static ConnectTestCluster shared() {
        return SHARED.get();
    }

    /** A builder for a cluster of one's own; {@link Builder#build()} then {@link #start()}, and {@link #close()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Same as {@link TestNames#unique(String)}. */
    public static String uniqueName(String prefix) {
        return TestNames.unique(prefix);
    }

    /**
     * Starts the broker(s) and then the workers, and waits until all are up. Does nothing if already started.
     *
     * @return this cluster
     * @throws IllegalStateException naming the cluster and its layout if anything fails to start; whatever did start
     *         is stopped again
     */
    public synchronized ConnectTestCluster start() {
        if (closed) {
            throw new IllegalStateException("Connect test cluster '" + name + "' is closed and cannot be restarted");
        }
        if (connect != null) {
            return this;
        }
        long begin = System.nanoTime();
        Properties brokerConfig = new Properties();
        brokerConfig.putAll(brokerProps);
        if (restPort > 0) {
            requirePortFree(restPort);
        }
        // EmbeddedConnectCluster adds its own keys to this map and keeps reading it: it must be a mutable copy.
        Map<String, String> props = new HashMap<>(workerProps);
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(restPort > 0 ? workers - 1 : workers)
                .numBrokers(brokers)
                .workerProps(props)
                .brokerProps(brokerConfig)
                .maskExitProcedures(true)
                .build();
        try {
            cluster.start();
            if (restPort > 0) {
                // EmbeddedConnectCluster forces listeners=HTTP://localhost:0 into the map it keeps and reads again for
                // every worker it adds: the last worker gets the fixed port, later ones an ephemeral port again.
                props.put("listeners", "HTTP://localhost:" + restPort);
                cluster.addWorker();
                props.put("listeners", "HTTP://localhost:0");
            }
        } catch (RuntimeException | Error e) {
            try {
                cluster.stop();
            } catch (RuntimeException | Error stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw new IllegalStateException("Connect test cluster '" + name + "' (" + brokers + " broker(s), " + workers
                    + " worker(s), plugin.path=" + workerProps.getOrDefault("plugin.path", "<none>")
                    + (restPort > 0 ? ", REST port " + restPort : "") + ") did not start: " + e, e);
        }
        connect = cluster;
        ShutdownHooks.register(this, ShutdownHooks.Phase.CONNECT, "connect-cluster-" + name, this::stop);
        startupDuration = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("Connect test cluster '{}' started in {} ms: {} broker(s) at {}, {} worker(s){}", name,
                startupDuration.toMillis(), brokers, bootstrapServers(), workers,
                workers == 0 ? "" : ", REST " + restUrl());
        return this;
    }

    /**
     * Stops workers and brokers and deletes their data. Does nothing on the {@linkplain #shared() shared cluster},
     * which the JVM shutdown hook stops.
     */
    @Override
    public void close() {
        if (shared) {
            LOG.debug("close() on the shared Connect test cluster ignored; it stops when the JVM exits");
            return;
        }
        stop();
        ShutdownHooks.unregister(this);
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        if (producer != null) {
            producer.closeForReal();
            producer = null;
        }
        if (admin != null) {
            admin.closeForReal();
            admin = null;
        }
        EmbeddedConnectCluster cluster = connect;
        connect = null;
        if (cluster != null) {
            cluster.stop();
        }
    }

    /** The cluster's name (prefix of its internal topics and group id). */
    public String name() {
        return name;
    }

    /** Whether this is the JVM-wide {@linkplain #shared() shared} cluster. */
    public boolean isShared() {
        return shared;
    }

    /** How long {@link #start()} took. */
    public Duration startupDuration() {
        return Objects.requireNonNull(startupDuration, "not started");
    }

    /**
     * Kafka's embedded cluster with its full API: {@code configureConnector}, {@code deleteConnector},
     * {@code connectorStatus}, {@code requestGet/Put/Post}, {@code endpointForResource}, {@code addWorker},
     * {@code removeWorker}, {@code kafka()} (e.g. {@code stopOnlyBrokers}), {@code assertions()}...
     */
    public EmbeddedConnectCluster connect() {
        EmbeddedConnectCluster cluster = connect;
        if (cluster == null) {
            throw new IllegalStateException("Connect test cluster '" + name + "' is " + (closed ? "closed" : "not started"));
        }
        return cluster;
    }

    /** {@code bootstrap.servers} of the broker(s), e.g. {@code localhost:39021}. */
    public String bootstrapServers() {
        return connect().kafka().bootstrapServers();
    }

    /** The fixed REST port of one worker ({@link Builder#restPort(int)}), or 0 if every worker has an ephemeral port. */
    public int restPort() {
        return restPort;
    }

    private static void requirePortFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("localhost"), port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Port " + port + " on localhost is already in use (" + e.getMessage()
                    + "): stop what listens there or choose another REST port", e);
        }
    }

    /** The REST URL of one running worker, with a trailing slash, e.g. {@code http://localhost:41234/}. */
    public String restUrl() {
        return restUrls().get(0);
    }

    /** The REST URLs of all running workers. */
    public List<String> restUrls() {
        List<String> urls = connect().workers().stream()
                .map(WorkerHandle::url)
                .map(Object::toString)
                .map(url -> url.endsWith("/") ? url : url + "/")
                .toList();
        if (urls.isEmpty()) {
            throw new IllegalStateException("Connect test cluster '" + name + "' has no running worker");
        }
        return urls;
    }

    // ------------------------------------------------------------------------------------------------ topics, clients

    /** Creates a topic with replication factor 1 and waits until it exists. */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** Creates a topic with replication factor 1 and the given topic configs, and waits until it exists. */
    public void createTopic(String topic, int partitions, Map<String, String> topicConfigs) {
        NewTopic newTopic = new NewTopic(topic, partitions, (short) 1).configs(topicConfigs);
        try {
            admin().createTopics(List.of(newTopic)).all().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topic '" + topic + "' with " + partitions
                    + " partition(s): " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        }
    }

    /**
     * An admin client for this cluster, shared and owned by it: {@code close()} on it does nothing (it is closed with
     * the cluster), so try-with-resources is harmless.
     */
    public synchronized Admin admin() {
        connect();
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
            admin = new UncloseableAdmin(config);
        }
        return admin;
    }

    /**
     * A byte-array producer for this cluster ({@code acks=all}, idempotent), shared and owned by it: {@code close()} on
     * it does nothing. Thread-safe, like every {@link KafkaProducer}.
     */
    public synchronized KafkaProducer<byte[], byte[]> producer() {
        connect();
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis() / 2);
            producer = new UncloseableProducer(config);
        }
        return producer;
    }

    /** Sends one record with {@link #producer()} and waits for the broker's acknowledgement. Null key or value allowed. */
    public void produce(String topic, String key, String value) {
        byte[] keyBytes = key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] valueBytes = value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            producer().send(new ProducerRecord<>(topic, keyBytes, valueBytes))
                    .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not produce to topic '" + topic + "': " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition until at least {@code expectedCount} records have been
     * read, waiting up to {@code timeout} (also for the topic to appear). Returns every record read, which may be more
     * than expected. Uses no consumer group and never creates the topic. Reads uncommitted data, like Kafka's default;
     * pass {@code isolation.level=read_committed} to the other overload to see only committed transactions.
     *
     * @throws AssertionError if fewer records arrive in time, saying how many did
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expectedCount, Duration timeout) {
        return consume(topic, expectedCount, timeout, Map.of());
    }

    /** {@link #consume(String, int, Duration)} with extra consumer properties, e.g. {@code isolation.level}. */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expectedCount, Duration timeout,
                                                       Map<String, Object> consumerProps) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(consumerProps)) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expectedCount) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new AssertionError("Expected at least " + expectedCount + " record(s) in topic '" + topic
                            + "' within " + timeout + " but read " + records.size() + " (records in the log now: "
                            + safeCount(topic) + ")");
                }
                consumer.poll(Duration.ofMillis(Math.min(remainingMs, 500))).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Reads every record that is in {@code topic} now: from the beginning of each partition up to the end offsets at
     * the time of the call. For exactly-once checks: no duplicates, nothing missing. Returns an empty list if the topic
     * does not exist.
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, Duration timeout) {
        return consumeAll(topic, timeout, Map.of());
    }

    /** {@link #consumeAll(String, Duration)} with extra consumer properties, e.g. {@code isolation.level}. */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, Duration timeout,
                                                          Map<String, Object> consumerProps) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = newConsumer(consumerProps)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new AssertionError("Could not read topic '" + topic + "' up to its end offsets " + end
                            + " within " + timeout + "; read " + records.size() + " record(s)");
                }
                consumer.poll(Duration.ofMillis(Math.min(remainingMs, 500))).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Records in {@code topic}: end offset minus beginning offset, summed over its partitions; 0 if the topic does not
     * exist (yet). Cheap (offsets only, nothing is read). In transactional topics this also counts commit/abort
     * markers and aborted records; use {@link #consumeAll(String, Duration, Map)} with {@code read_committed} there.
     */
    public long countRecords(String topic) {
        Admin admin = admin();
        try {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return 0;
                }
                throw e;
            }
            List<TopicPartition> partitions = description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, ListOffsetsResultInfo> earliest = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest())))
                    .all().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> latest = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return partitions.stream().mapToLong(tp -> latest.get(tp).offset() - earliest.get(tp).offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not count the records of topic '" + topic + "': " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while counting records of " + topic, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ connectors

    /**
     * Waits until the connector is RUNNING with exactly {@code tasks} tasks, all RUNNING.
     *
     * @throws AssertionError on timeout, or as soon as the connector or a task has stayed FAILED for a few seconds,
     *         with the last status and the failure's stack trace
     */
    public void awaitConnectorAndTasksRunning(String connector, int tasks, Duration timeout) {
        awaitConnectorState(connector, timeout, "RUNNING with " + tasks + " RUNNING task(s)", true,
                status -> "RUNNING".equals(status.connector().state())
                        && status.tasks().size() == tasks
                        && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state())));
    }

    /**
     * Waits until the connector or one of its tasks is FAILED, e.g. after a bad config or an injected fault, and
     * returns that status (its {@code trace()} holds the error).
     */
    public ConnectorStateInfo awaitConnectorOrTaskFailed(String connector, Duration timeout) {
        return awaitConnectorState(connector, timeout, "connector or a task FAILED", false,
                status -> "FAILED".equals(status.connector().state())
                        || status.tasks().stream().anyMatch(task -> "FAILED".equals(task.state())));
    }

    /**
     * Waits until the connector's status satisfies {@code condition}.
     *
     * @param description what is awaited, for the error message
     * @param failFast give up early when the connector or a task stays FAILED for a few seconds
     * @return the status that satisfied the condition
     */
    public ConnectorStateInfo awaitConnectorState(String connector, Duration timeout, String description,
                                                  boolean failFast,
                                                  java.util.function.Predicate<ConnectorStateInfo> condition) {
        AtomicReference<Object> last = new AtomicReference<>("no status yet");
        AtomicLong failedSince = new AtomicLong(-1);
        try {
            return Awaitility.await("connector " + connector + " " + description)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        ConnectorStateInfo status;
                        try {
                            status = connect().connectorStatus(connector);
                        } catch (RuntimeException e) {
                            last.set(e.getMessage());
                            return null;
                        }
                        last.set(status);
                        if (failFast && hasFailure(status)) {
                            long now = System.nanoTime();
                            failedSince.compareAndSet(-1, now);
                            if (now - failedSince.get() > FAILED_GRACE.toNanos() && !condition.test(status)) {
                                throw new AssertionError("Connector '" + connector + "' failed while waiting for it"
                                        + " to be " + description + ":\n" + describe(status));
                            }
                        } else {
                            failedSince.set(-1);
                        }
                        return status;
                    }, status -> status != null && condition.test(status));
        } catch (ConditionTimeoutException e) {
            Object status = last.get();
            throw new AssertionError("Connector '" + connector + "' was not " + description + " within " + timeout
                    + "; last status:\n" + (status instanceof ConnectorStateInfo info ? describe(info) : status), e);
        }
    }

    /** Deletes the connector (if it exists) and waits until no worker lists it any more. */
    public void deleteConnectorAndAwait(String connector, Duration timeout) {
        try {
            connect().deleteConnector(connector);
        } catch (RuntimeException e) {
            if (!connect().connectors().contains(connector)) {
                return;
            }
            throw e;
        }
        Awaitility.await("connector " + connector + " deleted")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> !connect().connectors().contains(connector));
    }

    /** The connector's status in a readable form: states, workers and stack traces of failures. */
    public String describeConnector(String connector) {
        return describe(connect().connectorStatus(connector));
    }

    // ------------------------------------------------------------------------------------------------ config helpers

    /** Key and value {@code JsonConverter} for a connector config, with or without the schema envelope. */
    public static Map<String, String> jsonConverters(boolean schemas) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", Boolean.toString(schemas));
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", Boolean.toString(schemas));
        return config;
    }

    /** Key and value {@code StringConverter} for a connector config. */
    public static Map<String, String> stringConverters() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        return config;
    }

    /** Key and value {@code ByteArrayConverter} (pass-through) for a connector config. */
    public static Map<String, String> byteArrayConverters() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return config;
    }

    /**
     * Source-connector topic creation (KIP-158): topics the connector writes to are created with {@code partitions}
     * partitions and replication factor 1, instead of the broker's auto-creation default of 1 partition.
     */
    public static Map<String, String> topicCreation(int partitions) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", Integer.toString(partitions));
        return config;
    }

    @Override
    public String toString() {
        return "ConnectTestCluster[" + name + ", " + brokers + " broker(s), " + workers + " worker(s)"
                + (connect == null ? ", not running" : ", " + bootstrapServers()) + "]";
    }

    // ------------------------------------------------------------------------------------------------ internals

    private KafkaConsumer<byte[], byte[]> newConsumer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Never let reading create a topic before the connector under test does (with its own partition count).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> consumer, String topic,
                                                 Duration timeout) {
        try {
            return Awaitility.await("topic " + topic + " exists")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> partitionsOf(consumer, topic), partitions -> !partitions.isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Topic '" + topic + "' did not appear within " + timeout, e);
        }
    }

    private String safeCount(String topic) {
        try {
            return Long.toString(countRecords(topic));
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static boolean hasFailure(ConnectorStateInfo status) {
        return "FAILED".equals(status.connector().state())
                || status.tasks().stream().anyMatch(task -> "FAILED".equals(task.state()));
    }

    private static String describe(ConnectorStateInfo status) {
        StringBuilder text = new StringBuilder();
        text.append("  connector ").append(status.name()).append(": ").append(status.connector().state())
                .append(" on ").append(status.connector().workerId());
        appendTrace(text, status.connector().trace());
        if (status.tasks().isEmpty()) {
            text.append("\n  no tasks");
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            text.append("\n  task ").append(task.id()).append(": ").append(task.state()).append(" on ")
                    .append(task.workerId());
            appendTrace(text, task.trace());
        }
        return text.toString();
    }

    private static void appendTrace(StringBuilder text, String trace) {
        if (trace != null && !trace.isBlank()) {
            text.append("\n    ").append(trace.strip().replace("\n", "\n    "));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** An admin client whose {@code close()} does nothing: the cluster owns it. */
    private static final class UncloseableAdmin extends ForwardingAdmin {
        UncloseableAdmin(Map<String, Object> configs) {
            super(configs);
        }

        @Override
        public void close(Duration timeout) {
            // owned by the cluster
        }

        void closeForReal() {
            super.close(Duration.ofSeconds(5));
        }
    }

    /** A producer whose {@code close()} does nothing: the cluster owns it. */
    private static final class UncloseableProducer extends KafkaProducer<byte[], byte[]> {
        UncloseableProducer(Map<String, Object> configs) {
            super(configs, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void close() {
            // owned by the cluster
        }

        @Override
        public void close(Duration timeout) {
            // owned by the cluster
        }

        void closeForReal() {
            super.close(Duration.ofSeconds(5));
        }
    }

    /** Builds a {@link ConnectTestCluster}; every setting has the shared cluster's default. */
    public static final class Builder {
        private String name = "connect-" + TestNames.randomSuffix(6);
        private int workers = DEFAULT_WORKERS;
        private int brokers = 1;
        private int restPort;
        private final Map<String, String> workerProps = new LinkedHashMap<>();
        private final Map<String, String> brokerProps = new LinkedHashMap<>();
        private final List<Path> pluginPath = new ArrayList<>();

        private Builder() {
            workerProps.put("plugin.discovery", "service_load");
            workerProps.put("offset.flush.interval.ms", "1000");
            workerProps.put("scheduled.rebalance.max.delay.ms", "10000");
            workerProps.put("connector.client.config.override.policy", "All");
            workerProps.put("offset.storage.partitions", "5");

            brokerProps.put("auto.create.topics.enable", "true");
            brokerProps.put("transaction.state.log.replication.factor", "1");
            brokerProps.put("transaction.state.log.min.isr", "1");
            // Fewer internal partitions: faster start-up and first use of groups and transactions.
            brokerProps.put("offsets.topic.num.partitions", "5");
            brokerProps.put("transaction.state.log.num.partitions", "5");
        }

        /** Name of the cluster: prefix of the Connect internal topics and the workers' group id. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Number of Connect workers (default {@value ConnectTestCluster#DEFAULT_WORKERS}; 0 for Kafka only). */
        public Builder workers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0, was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * A fixed REST port on {@code localhost} for one of the workers (the others keep ephemeral ports), e.g. 8083 for
         * a cluster people try with {@code curl}; 0 (the default) for ephemeral ports only. {@link #start()} fails
         * with a clear message if the port is in use. Needs at least one worker.
         */
        public Builder restPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("restPort must be in [0, 65535], was " + port);
            }
            this.restPort = port;
            return this;
        }

        /** Number of brokers (default 1). */
        public Builder brokers(int brokers) {
            if (brokers < 1) {
                throw new IllegalArgumentException("brokers must be >= 1, was " + brokers);
            }
            this.brokers = brokers;
            return this;
        }

        /** Sets (or overrides a default of) a worker property. */
        public Builder workerProperty(String key, String value) {
            workerProps.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /** Sets (or overrides a default of) a broker property. */
        public Builder brokerProperty(String key, String value) {
            brokerProps.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /**
         * Sets the workers' {@code plugin.path} to these directories (absolute, comma-separated), the way plugins are
         * installed in production. Each directory must exist; it may be empty. Plugins there need
         * {@code META-INF/services} entries (discovery is {@code service_load}).
         */
        public Builder pluginPath(Path... directories) {
            pluginPath.clear();
            for (Path directory : directories) {
                Path absolute = directory.toAbsolutePath().normalize();
                if (!Files.isDirectory(absolute)) {
                    throw new IllegalArgumentException("plugin.path entry is not a directory: " + absolute);
                }
                pluginPath.add(absolute);
            }
            if (pluginPath.isEmpty()) {
                workerProps.remove("plugin.path");
            } else {
                workerProps.put("plugin.path",
                        pluginPath.stream().map(Path::toString).collect(Collectors.joining(",")));
            }
            return this;
        }

        /** The cluster, not yet started. */
        public ConnectTestCluster build() {
            if (restPort > 0 && workers < 1) {
                throw new IllegalStateException("restPort " + restPort + " needs at least one worker");
            }
            return new ConnectTestCluster(this);
        }
    }
}
