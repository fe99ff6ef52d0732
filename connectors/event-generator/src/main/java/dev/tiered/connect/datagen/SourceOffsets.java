package dev.tiered.connect.datagen;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source partitions and offsets of the generator: partition {@code {"seed": <seed>, "task": <task id>}}, offset
 * {@code {"seq": <sequence number of the record>}}; a task resumes at the stored sequence number plus one.
 */
public final class SourceOffsets {

    public static final String SEED_KEY = "seed";
    public static final String TASK_KEY = "task";
    public static final String SEQUENCE_KEY = "seq";

    private SourceOffsets() {
    }

    /**
     * The source partition of a task. Connect finds a stored offset by the partition's serialized form, and the
     * partitions it reads back from the offset topic (for {@code GET /connectors/<name>/offsets} and offset
     * alteration) are deserialized into {@code HashMap}s, so the partition is a {@code HashMap} too: both iterate, and
     * so serialize, their keys in the same order ({@code task}, {@code seed}) in every JVM.
     */
    public static Map<String, Object> partition(long seed, int task) {
        Map<String, Object> partition = new HashMap<>();
        partition.put(SEED_KEY, seed);
        partition.put(TASK_KEY, task);
        return Collections.unmodifiableMap(partition);
    }

    public static Map<String, Object> offset(long sequence) {
        return Collections.singletonMap(SEQUENCE_KEY, sequence);
    }

    /**
     * The first sequence number to generate, given the stored offset of the task's partition.
     *
     * @param offset the stored offset, or null when there is none
     * @throws ConnectException when the offset is not one this connector wrote
     */
    public static long nextSequence(Map<String, ?> offset) {
        if (offset == null) {
            return 0;
        }
        return sequenceOf(offset) + 1;
    }

    /** The sequence number in an offset; throws ConnectException when it has none or one that is not >= 0. */
    static long sequenceOf(Map<String, ?> offset) {
        Object sequence = offset.get(SEQUENCE_KEY);
        if (!(sequence instanceof Long || sequence instanceof Integer || sequence instanceof Short
                || sequence instanceof Byte) || ((Number) sequence).longValue() < 0) {
            throw new ConnectException("The stored offset " + offset + " has no '" + SEQUENCE_KEY + "' holding a"
                    + " sequence number of at least 0; reset the connector's offsets or use a new connector name");
        }
        return ((Number) sequence).longValue();
    }

    /** Checks a partition has a seed and a task id, as the connector writes them. */
    static void checkPartition(Map<String, ?> partition) {
        Object seed = partition == null ? null : partition.get(SEED_KEY);
        Object task = partition == null ? null : partition.get(TASK_KEY);
        boolean valid = partition != null && partition.size() == 2 && isInteger(seed) && isInteger(task)
                && ((Number) task).longValue() >= 0 && ((Number) task).longValue() <= Integer.MAX_VALUE;
        if (!valid) {
            throw new ConnectException("The source partition " + partition + " is not {\"" + SEED_KEY + "\": <seed>, \""
                    + TASK_KEY + "\": <task id>}");
        }
    }

    private static boolean isInteger(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }
}
