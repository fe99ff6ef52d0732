package dev.tiered.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster of one's own: builder settings reach the broker and workers, plugin.path works, close() stops it. */
class CustomConnectClusterIT {

    @TempDir
    Path pluginPath;

    @Test
    void customClusterWithAPluginPathStartsAppliesItsSettingsAndStops() throws Exception {
        String group = TestNames.unique("custom-connect-group");
        ConnectTestCluster cluster = ConnectTestCluster.builder()
                .name("custom")
                .workers(1)
                .pluginPath(pluginPath)
                .workerProperty("group.id", group)
                .brokerProperty("num.partitions", "3")
                .build();
        assertThatThrownBy(cluster::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        int restPort;
        try (cluster) {
            assertThat(cluster.start()).isSameAs(cluster);
            System.out.printf("[testkit] custom Kafka + Connect (1 broker, 1 worker, plugin.path): start %d ms%n",
                    cluster.startupDuration().toMillis());
            assertThat(cluster.isShared()).isFalse();
            assertThat(cluster.connect().workers()).hasSize(1);
            assertThat(cluster.connect().requestGet(cluster.connect().endpointForResource("connector-plugins"))
                    .getStatus()).isEqualTo(200);

            // Broker setting: auto-created topics get the configured partition count.
            String topic = TestNames.unique("auto");
            cluster.produce(topic, "k", "v");
            assertThat(cluster.connect().kafka().describeTopics(topic).get(topic))
                    .hasValueSatisfying(description -> assertThat(description.partitions()).hasSize(3));

            // Worker setting: the workers' group has the configured id.
            Admin admin = cluster.admin();
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS))
                    .extracting(GroupListing::groupId)
                    .contains(group);
            admin.close(); // owned by the cluster: must not break it
            assertThat(cluster.countRecords(topic)).isEqualTo(1);
            restPort = URI.create(cluster.restUrl()).getPort();
        }
        String workerThreadMarker = "localhost:" + restPort;
        await("the worker's and its clients' threads end").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(liveThreadNames())
                        .noneMatch(name -> name.contains(group) || name.contains(workerThreadMarker)
                                || name.contains("topic-custom")));
        assertThatThrownBy(cluster::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(cluster::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        cluster.close(); // idempotent
    }

    private static List<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void builderRejectsAPluginPathThatIsNotADirectory() throws Exception {
        Path file = Files.createFile(pluginPath.resolve("not-a-dir.jar"));
        assertThatThrownBy(() -> ConnectTestCluster.builder().pluginPath(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> ConnectTestCluster.builder().workers(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kafkaOnlyClusterWithoutWorkers() {
        try (ConnectTestCluster kafkaOnly = ConnectTestCluster.builder().workers(0).build().start()) {
            String topic = TestNames.unique("kafka-only");
            kafkaOnly.produce(topic, null, "v");
            assertThat(kafkaOnly.consume(topic, 1, Duration.ofSeconds(30))).hasSize(1);
            assertThatThrownBy(kafkaOnly::restUrl).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no running worker");
        }
    }
}
