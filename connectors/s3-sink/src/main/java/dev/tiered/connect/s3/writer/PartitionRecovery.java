package dev.tiered.connect.s3.writer;

import dev.tiered.connect.s3.storage.S3Objects;
import dev.tiered.connect.s3.storage.S3StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, from S3 alone, where a Kafka partition's output ends, and removes what a crash left half-written.
 *
 * <p>The commit protocol ({@link TopicPartitionWriter}) writes a batch's {@link CommitMarker} first, then makes the
 * batch's objects visible, then deletes the previous batch's marker. So at any moment the partition has one or two
 * markers, and only the newest can describe an incomplete batch:
 * <ul>
 *   <li>every object the newest marker lists exists: the batch is complete and the partition resumes after its end
 *       offset;</li>
 *   <li>some are missing: the writer died in the middle. The objects that did land are deleted (with the marker), and
 *       the partition resumes at the batch's start offset, so the records are written again, once. The marker before
 *       it (if any) is complete: a batch starts only after the previous one completed.</li>
 * </ul>
 * Cost: one LIST of the partition's marker prefix (one or two keys), one GET and one HEAD per object of the last
 * batch, per partition assignment.
 */
public final class PartitionRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionRecovery.class);

    /**
     * @param resumeOffset   the first offset not in S3, or -1 if the partition has no marker (never written)
     * @param lastMarkerKey  the key of the marker describing the last complete batch (deleted after the next one), or
     *                       null
     * @param removedObjects objects of an interrupted batch that were deleted
     */
    public record Result(long resumeOffset, String lastMarkerKey, List<String> removedObjects) {
        public boolean found() {
            return resumeOffset >= 0;
        }
    }

    private PartitionRecovery() {
    }

    public static Result recover(S3Objects objects, String topicPrefix, String topic, int partition)
            throws S3StorageException {
        String prefix = CommitMarker.prefix(topicPrefix, topic, partition);
        List<String> markerKeys = new ArrayList<>();
        for (String key : objects.list(prefix)) {
            if (CommitMarker.startOffsetOf(key, prefix).isPresent()) {
                markerKeys.add(key);
            }
        }
        // Zero-padded start offsets: key order is offset order.
        markerKeys.sort(null);
        List<String> removed = new ArrayList<>();
        while (!markerKeys.isEmpty()) {
            String newestKey = markerKeys.remove(markerKeys.size() - 1);
            Optional<byte[]> content = objects.get(newestKey);
            if (content.isEmpty()) {
                continue;
            }
            CommitMarker marker;
            try {
                marker = CommitMarker.parse(content.get());
            } catch (IllegalArgumentException e) {
                throw new S3StorageException("commit marker s3://" + objects.bucket() + "/" + newestKey
                        + " is unreadable (" + e.getMessage() + "); it was not written by this sink version, or was"
                        + " edited. Remove it only if no data of " + topic + "-" + partition + " follows it",
                        objects.bucket(), newestKey);
            }
            if (complete(objects, marker)) {
                for (CommitMarker.CommittedObject o : marker.objects()) {
                    if (o.stagingKey() != null) {
                        objects.delete(o.stagingKey());
                    }
                }
                for (String older : markerKeys) {
                    objects.delete(older);
                }
                LOG.info("Recovered {}-{}: last batch {}..{} ({} objects) is complete, resuming at offset {}", topic,
                        partition, marker.startOffset(), marker.endOffset(), marker.objects().size(),
                        marker.endOffset() + 1);
                return new Result(marker.endOffset() + 1, newestKey, removed);
            }
            for (CommitMarker.CommittedObject o : marker.objects()) {
                objects.delete(o.key());
                removed.add(o.key());
                if (o.stagingKey() != null) {
                    objects.delete(o.stagingKey());
                }
            }
            objects.delete(newestKey);
            LOG.warn("Recovered {}-{}: batch {}..{} was interrupted before all {} objects were written; removed what"
                    + " had landed, resuming at offset {} to write it again", topic, partition, marker.startOffset(),
                    marker.endOffset(), marker.objects().size(), marker.startOffset());
            String previous = markerKeys.isEmpty() ? null : markerKeys.get(markerKeys.size() - 1);
            return new Result(marker.startOffset(), previous, removed);
        }
        return new Result(-1, null, removed);
    }

    private static boolean complete(S3Objects objects, CommitMarker marker) throws S3StorageException {
        for (CommitMarker.CommittedObject o : marker.objects()) {
            Optional<Long> size = objects.size(o.key());
            if (size.isEmpty() || size.get() != o.bytes()) {
                return false;
            }
        }
        return true;
    }
}
