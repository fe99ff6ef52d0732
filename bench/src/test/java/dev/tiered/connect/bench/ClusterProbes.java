package dev.tiered.connect.bench;

import dev.tiered.connect.testkit.ConnectTestCluster;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;

/** What the end-to-end harnesses ask a running cluster while they wait for a connector to finish. */
final class ClusterProbes {

    private ClusterProbes() {
    }

    /** Whether the consumer group has committed every partition of {@code end} up to its end offset. */
    static boolean committedToEnd(Admin admin, String group, Map<TopicPartition, Long> end)
            throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata offset = committed.get(e.getKey());
            if (offset == null || offset.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The connector's status, or null just after its creation when it has none yet. */
    static ConnectorStateInfo status(ConnectTestCluster cluster, String name) {
        try {
            return cluster.connect().connectorStatus(name);
        } catch (ConnectRestException e) {
            return null;
        }
    }

    /** Throws, with the trace, when the connector or one of its tasks is FAILED: a benchmark must not wait it out. */
    static void failIfFailed(ConnectTestCluster cluster, String name) {
        failIfFailed(name, status(cluster, name));
    }

    static void failIfFailed(String name, ConnectorStateInfo status) {
        if (status == null) {
            return;
        }
        if ("FAILED".equals(status.connector().state())) {
            throw new IllegalStateException("connector " + name + " failed: " + status.connector().trace());
        }
        for (var task : status.tasks()) {
            if ("FAILED".equals(task.state())) {
                throw new IllegalStateException("task " + task.id() + " of " + name + " failed: " + task.trace());
            }
        }
    }
}
