package dev.tiered.connect.transforms.routing;

import java.util.Collection;

/** Measures how far the hot path's consumers are behind. */
public interface LagSource extends AutoCloseable {

    /**
     * @param topics the topics to measure
     * @return the consumer group's total lag, in records, over the partitions of those topics it has committed
     *     offsets for
     * @throws Exception when the lag cannot be measured now; the caller keeps its previous view
     */
    long totalLag(Collection<String> topics) throws Exception;

    @Override
    void close();
}
