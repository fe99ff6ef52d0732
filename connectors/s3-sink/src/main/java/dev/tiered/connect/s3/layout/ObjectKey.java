package dev.tiered.connect.s3.layout;

/**
 * What an object key says about its content: the records of {@code topic}/{@code kafkaPartition} from
 * {@code startOffset} to {@code endOffset}, both inclusive, under {@code partitionPath} (as written, escaped), in the
 * directory of {@code directoryTopic}: the topic an SMT renamed them to, else {@code topic}.
 */
public record ObjectKey(String topic, int kafkaPartition, long startOffset, long endOffset, String partitionPath,
                        String directoryTopic) {

    /** A key of records whose topic was not renamed. */
    public ObjectKey(String topic, int kafkaPartition, long startOffset, long endOffset, String partitionPath) {
        this(topic, kafkaPartition, startOffset, endOffset, partitionPath, topic);
    }
}
