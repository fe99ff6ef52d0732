package dev.tiered.connect.s3.layout;

/**
 * What an object key says about its content: the records of {@code topic}/{@code kafkaPartition} from
 * {@code startOffset} to {@code endOffset}, both inclusive, under {@code partitionPath} (as written, escaped).
 */
public record ObjectKey(String topic, int kafkaPartition, long startOffset, long endOffset, String partitionPath) {
}
