package dev.tiered.connect.s3.writer;

import dev.tiered.connect.s3.batch.FileStats;
import dev.tiered.connect.s3.batch.RotationDecision;
import dev.tiered.connect.s3.batch.RotationReason;
import dev.tiered.connect.s3.layout.ObjectNaming;
import dev.tiered.connect.s3.layout.PartitionPath;
import dev.tiered.connect.s3.parquet.ParquetObjectWriter;
import dev.tiered.connect.s3.parquet.ParquetRow;
import dev.tiered.connect.s3.parquet.RowSchema;
import dev.tiered.connect.s3.storage.S3ObjectOutputStream;
import dev.tiered.connect.s3.storage.S3Objects;
import dev.tiered.connect.s3.storage.S3StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one Kafka partition's records into Parquet objects, exactly once.
 *
 * <p><b>Renaming SMTs.</b> The partition is the one Connect assigned, i.e. the records' {@code originalTopic()} and
 * {@code originalKafkaPartition()}; offsets are {@code originalKafkaOffset()}. The topic a record has after the
 * connector's SMTs only names the directory its file goes to ({@link ObjectNaming}), so one partition's records
 * renamed to several topics (PriorityRouter's hot and cold) are several files of the same batch, committed together
 * under the partition's one marker, which stays under the original topic's {@code _tiered/commits/}: the only place
 * known when the partition is assigned. The marker lists its objects' full keys, so recovery finds them wherever
 * they went.
 *
 * <p><b>Batches.</b> Records go to one open file per partition path and schema: a widened inferred schema finishes the
 * path's file, while records with schemas of their own may alternate between up to {@value #MAX_OPEN_FILES_PER_PATH}
 * open files of the path.
 * All files of the partition form one batch and are committed together when the first rotation limit is reached
 * ({@code flush.size} counts the batch's records, {@code flush.size.bytes} its largest file, the time limits its
 * first record), as Confluent's sink commits all encoded partitions of a Kafka partition together. A committed batch
 * covers a contiguous offset range, so "everything below offset X is in S3 and nothing at or above it" holds after
 * every commit: that X is what {@link #offsetToCommit()} gives Connect and what {@link #recover()} finds again.
 *
 * <p><b>Commit.</b> (1) finish every file; (2) write the batch's {@link CommitMarker}, conditionally, which fences a
 * second writer of the same offsets; (3) make each object visible under its final key
 * {@code <topic>+<partition>+<first offset>+<last offset>.parquet}; (4) delete the previous marker. A crash anywhere
 * leaves a state {@link PartitionRecovery} repairs.
 *
 * <p>Records below the next expected offset (a replay after a seek or a redelivery) are dropped, so a batch is never
 * written twice. Not thread-safe: owned by the task thread.
 */
public final class TopicPartitionWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TopicPartitionWriter.class);
    private static final int MAX_LEARNED_SCHEMAS = 1024;
    /**
     * Records a schemaless path holds before its first file opens. A schema inferred from one record widens with
     * almost every early record (new optional fields, other event types), and each widening would otherwise close the
     * file: a dozen small objects, and PUT requests, in a fresh task's first batch. Waiting for this many records lets
     * the first file start with their union.
     */
    static final int SCHEMA_LEARNING_RECORDS = 1000;
    /** Also ends a path's learning: its waiting records' estimated heap (capped further by flush.size.bytes). */
    static final long SCHEMA_LEARNING_MAX_BYTES = 1024 * 1024;
    /**
     * Files a partition path keeps open at once, one per schema, for records alternating between schemas (a rolling
     * producer upgrade writes two or three versions side by side). Each open file holds a row group buffer, which the
     * memory budget counts, so this is a constant rather than a setting: more than a few schemas in turn is thrashing
     * that no cap fixes, and the memory budget and rotation limits still bound the batch.
     */
    static final int MAX_OPEN_FILES_PER_PATH = 4;

    private final TopicPartition tp;
    private final WriterContext ctx;
    private final String topicPrefix;
    private final Map<Target, OpenFile> open = new LinkedHashMap<>();
    private final List<OpenFile> finished = new ArrayList<>();
    /** Open files no record wrote to since another schema came for their path, least recently used first. */
    private final List<ParkedFile> parked = new ArrayList<>();
    /**
     * The last schema each partition path was written with, kept across batches: a schemaless path's next file starts
     * from everything learned so far instead of from its first record, which would widen (and split the batch into
     * small files) all over again. Bounded, least recently used first out, for time partitioners' ever-new paths.
     */
    private final Map<Target, RowSchema> learnedSchemas = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Target, RowSchema> eldest) {
            return size() > MAX_LEARNED_SCHEMAS;
        }
    };
    /** Paths still learning their first schema: their records wait here instead of splitting into small files. */
    private final Map<Target, LearningFile> learning = new LinkedHashMap<>();
    private FileStats batch;
    private long batchStart = -1;
    private long batchEnd = -1;
    private long batchRecords;
    private long nextOffset = -1;
    private String lastMarkerKey;
    private long replaysDropped;
    /** An S3 failure discarded the open batch; nothing is written until {@link #repair()} succeeds. */
    private boolean broken;
    private String brokenReason;
    /** Where to resume after a repair when S3 holds no marker: the first offset the failure left unwritten. */
    private long resumeAfterRepair = -1;
    private long firstDroppedWhileBroken = -1;
    /** Records delivered in the same poll as a repair's seek were fetched before it: drop them. */
    private boolean dropUntilNextPoll;

    public TopicPartitionWriter(TopicPartition tp, WriterContext ctx) {
        this.tp = tp;
        this.ctx = ctx;
        this.topicPrefix = ctx.naming().topicPrefix(tp.topic());
    }

    /**
     * Repairs an interrupted batch, if any, and returns the offset to resume from (the first offset not in S3), or
     * -1 if the partition was never written, in which case the consumer's committed offset applies. If S3 cannot be
     * read, the writer is {@link #broken()} (and returns -1) until {@link #repair()} succeeds.
     */
    public long recover() {
        try {
            PartitionRecovery.Result result = PartitionRecovery.recover(ctx.objects(), topicPrefix, tp.topic(),
                    tp.partition());
            lastMarkerKey = result.lastMarkerKey();
            if (result.found()) {
                nextOffset = result.resumeOffset();
            }
            return result.resumeOffset();
        } catch (S3StorageException e) {
            markBroken("recovering its position from s3://" + ctx.objects().bucket() + "/" + topicPrefix
                    + " failed: " + e.getMessage(), e);
            return -1;
        }
    }

    /**
     * After a failure: recovers the partition's position from S3 again (removing whatever the failed commit left).
     *
     * @return empty while S3 still fails; else the offset the consumer must seek to, or -1 if no seek is needed
     */
    public OptionalLong repair() {
        if (!broken) {
            return OptionalLong.of(-1);
        }
        try {
            PartitionRecovery.Result result = PartitionRecovery.recover(ctx.objects(), topicPrefix, tp.topic(),
                    tp.partition());
            lastMarkerKey = result.lastMarkerKey();
            long resume = result.found() ? result.resumeOffset()
                    : resumeAfterRepair >= 0 ? resumeAfterRepair : firstDroppedWhileBroken;
            broken = false;
            brokenReason = null;
            resumeAfterRepair = -1;
            firstDroppedWhileBroken = -1;
            if (resume >= 0) {
                nextOffset = resume;
                dropUntilNextPoll = true;
            }
            LOG.info("{} repaired after an S3 failure; resuming at offset {}", tp, resume >= 0 ? resume : "(committed)");
            return OptionalLong.of(resume);
        } catch (S3StorageException e) {
            failIfPermanent(e);
            brokenReason = e.getMessage();
            return OptionalLong.empty();
        }
    }

    /** Starts a new consumer poll's records: those fetched after a repair's seek are valid again. */
    public void newPoll() {
        dropUntilNextPoll = false;
    }

    public boolean broken() {
        return broken;
    }

    /** Why the writer is broken, or null. */
    public String brokenReason() {
        return brokenReason;
    }

    /** Where a file goes: the directory topic (the record's topic after SMTs) and the partition path. */
    private record Target(String topic, PartitionPath path) { }

    /** Writes one record of this partition, committing the batch first or after if a limit says so. */
    public void write(SinkRecord record) {
        long offset = record.originalKafkaOffset();
        if (broken || dropUntilNextPoll) {
            if (broken && firstDroppedWhileBroken < 0) {
                firstDroppedWhileBroken = offset;
            }
            return;
        }
        if (nextOffset >= 0 && offset < nextOffset) {
            replaysDropped++;
            return;
        }
        if (record.value() == null) {
            if (ctx.onNullValue() == NullValueBehavior.FAIL) {
                throw new ConnectException("Record " + describe(record) + " has a null value (a tombstone) and "
                        + "behavior.on.null.values=fail; set it to 'ignore' to skip tombstones");
            }
            advance(offset);
            return;
        }
        Target path;
        ParquetRow row;
        long recordTime;
        try {
            path = new Target(directoryTopic(record), ctx.partitioner().partitionPath(record));
            row = ctx.converter().convert(record, schemaHint(path));
            recordTime = recordTime(record);
        } catch (DataException e) {
            ctx.badRecords().handle(record, e);
            advance(offset);
            return;
        }
        if (batch != null) {
            RotationDecision before = ctx.rotation().shouldRotateBefore(batch, recordTime);
            if (before.shouldRotate()) {
                commit(before.reason());
                if (broken) {
                    firstDroppedWhileBroken = offset;
                    return;
                }
            }
        }
        if (!open.containsKey(path) && (learning.containsKey(path)
                || (row.schema().isInferred() && !learnedSchemas.containsKey(path)))) {
            learn(path, record, row, recordTime);
            return;
        }
        OpenFile file = open.get(path);
        boolean opened = false;
        try {
            if (file == null || !row.schema().sameAs(file.schema())) {
                OpenFile sameSchema = unpark(path, row.schema());
                if (file != null && (row.schema().isInferred() || file.schema().isInferred())) {
                    // The record does not fit the file's schema (a new field, a wider type): the file is complete as
                    // it is and waits for the batch's commit; the record opens the next file of this path.
                    file.finish();
                    account(file);
                    finished.add(file);
                } else if (file != null) {
                    // A schema of its own (schemas.enable=true): records may alternate between schemas, so the file
                    // stays open for the next record of its schema instead of making an object per change.
                    park(path, file);
                }
                open.remove(path);
                file = sameSchema;
                if (file != null) {
                    open.put(path, file);
                }
            }
            if (file == null) {
                file = openFile(path, row.schema(), offset);
                open.put(path, file);
                learnedSchemas.put(path, row.schema());
                opened = true;
            }
            file.write(row, offset);
        } catch (DataException e) {
            if (opened) {
                // Opened for this record alone: left open, it would be committed empty, named after a record it
                // does not hold.
                OpenFile discarded = open.remove(path);
                account(discarded);
                ctx.memory().add(-discarded.accountedHeap());
                discarded.abort();
            }
            ctx.badRecords().handle(record, e);
            advance(offset);
            return;
        } catch (IOException e) {
            // A part upload failed after the SDK's retries: the batch cannot be completed.
            long unwritten = batch != null ? batchStart : offset;
            markBroken("writing " + describe(record) + " failed: " + e.getMessage(), e);
            resumeAfterRepair = unwritten;
            return;
        }
        account(file);
        recordAdded(offset, recordTime, file.size());
    }

    /**
     * Parks a path's open file whose schema the next record does not have. A path keeps at most
     * {@link #MAX_OPEN_FILES_PER_PATH} files open; beyond that its least recently used one is finished.
     */
    private void park(Target path, OpenFile file) throws IOException {
        parked.add(new ParkedFile(path, file));
        long ofPath = parked.stream().filter(p -> p.path().equals(path)).count();
        // The record about to be written takes (or opens) one more file of this path.
        for (int i = 0; i < parked.size() && ofPath + 1 > MAX_OPEN_FILES_PER_PATH; i++) {
            ParkedFile oldest = parked.get(i);
            if (oldest.path().equals(path)) {
                // Finished before it leaves the parked files: if that fails, markBroken still finds it to abort.
                oldest.file().finish();
                account(oldest.file());
                parked.remove(i);
                finished.add(oldest.file());
                ofPath--;
                i--;
            }
        }
    }

    /** Takes the parked file of {@code path} written with {@code schema} out of the parked ones, or null. */
    private OpenFile unpark(Target path, RowSchema schema) {
        for (int i = 0; i < parked.size(); i++) {
            ParkedFile candidate = parked.get(i);
            if (candidate.path().equals(path) && schema.sameAs(candidate.file().schema())) {
                parked.remove(i);
                return candidate.file();
            }
        }
        return null;
    }

    /** An open file of a path whose latest record had another schema, waiting for a record of its own schema. */
    private record ParkedFile(Target path, OpenFile file) { }

    private RowSchema schemaHint(Target path) {
        OpenFile current = open.get(path);
        if (current != null) {
            return current.schema();
        }
        LearningFile pending = learning.get(path);
        return pending != null ? pending.schema : learnedSchemas.get(path);
    }

    /** Counts a record into the batch and commits the batch if that reached a limit. */
    private void recordAdded(long offset, long recordTime, long fileSize) {
        if (batch == null) {
            batch = ctx.rotation().newFile();
            batchStart = offset;
        }
        batchEnd = offset;
        batchRecords++;
        batch.recordWritten(recordTime, Math.max(batch.sizeBytes(), fileSize));
        advance(offset);
        RotationDecision after = ctx.rotation().shouldRotateAfter(batch);
        if (after.shouldRotate()) {
            commit(after.reason());
        }
    }

    private void learn(Target path, SinkRecord record, ParquetRow row, long recordTime) {
        LearningFile pending = learning.computeIfAbsent(path, p -> new LearningFile(record.originalKafkaOffset()));
        pending.schema = row.schema();
        pending.records.add(record);
        long size = ValueSizeEstimator.estimate(record.value());
        pending.heapBytes += size;
        ctx.memory().add(size);
        if (pending.records.size() >= SCHEMA_LEARNING_RECORDS || pending.heapBytes
                >= Math.min(SCHEMA_LEARNING_MAX_BYTES, ctx.rotation().settings().flushSizeBytes())) {
            try {
                openLearnedFile(path);
            } catch (IOException e) {
                long unwritten = batch != null ? batchStart : record.originalKafkaOffset();
                markBroken("writing " + describe(record) + " failed: " + e.getMessage(), e);
                resumeAfterRepair = unwritten;
                return;
            }
        }
        recordAdded(record.originalKafkaOffset(), recordTime, 0);
    }

    /** Opens the path's first file with the schema its waiting records taught, and writes them to it. */
    private void openLearnedFile(Target path) throws IOException {
        LearningFile pending = learning.remove(path);
        ctx.memory().add(-pending.heapBytes);
        OpenFile file = openFile(path, pending.schema, pending.firstOffset);
        open.put(path, file);
        learnedSchemas.put(path, pending.schema);
        for (SinkRecord waiting : pending.records) {
            try {
                ParquetRow row = ctx.converter().convert(waiting, pending.schema);
                file.write(row, waiting.originalKafkaOffset());
            } catch (DataException e) {
                ctx.badRecords().handle(waiting, e);
            }
        }
        account(file);
    }

    /** A path's records waiting for its first file, and the schema they widened to. */
    private static final class LearningFile {
        final long firstOffset;
        final List<SinkRecord> records = new ArrayList<>();
        RowSchema schema;
        long heapBytes;

        LearningFile(long firstOffset) {
            this.firstOffset = firstOffset;
        }
    }

    /** Commits the batch if its wall-clock deadline ({@code rotate.schedule.interval.ms}) has passed. */
    public boolean commitIfDue() {
        if (batch != null && ctx.rotation().checkDue(batch).shouldRotate()) {
            commit(RotationReason.SCHEDULE);
            return true;
        }
        return false;
    }

    /** When this partition's batch is due on the wall clock; Long.MAX_VALUE if nothing is open. */
    public long nextDeadline() {
        return batch == null ? Long.MAX_VALUE : ctx.rotation().nextDeadline(batch);
    }

    /**
     * The offset Connect may commit for this partition: every record below it is in a complete S3 object (or was
     * skipped), none at or above it is. Empty until the partition's position is known.
     */
    public OptionalLong offsetToCommit() {
        if (broken) {
            return resumeAfterRepair >= 0 ? OptionalLong.of(resumeAfterRepair) : OptionalLong.empty();
        }
        if (batch != null) {
            return OptionalLong.of(batchStart);
        }
        return nextOffset >= 0 ? OptionalLong.of(nextOffset) : OptionalLong.empty();
    }

    /** Discards the open batch (partition revoked or task stopping): its records are written again by the next owner. */
    public void abort() {
        for (OpenFile file : finished) {
            file.abort();
        }
        for (OpenFile file : open.values()) {
            file.abort();
        }
        for (ParkedFile p : parked) {
            p.file().abort();
        }
        releaseMemory();
        if (batch != null) {
            LOG.debug("Discarded the open batch {}..{} of {} ({} records); they will be written from Kafka again",
                    batchStart, batchEnd, tp, batchRecords);
        }
        resetBatch();
    }

    /** Heap held by this partition's open files, as last accounted to the task's memory budget. */
    public long heapBytes() {
        long bytes = 0;
        for (LearningFile pending : learning.values()) {
            bytes += pending.heapBytes;
        }
        for (OpenFile file : finished) {
            bytes += file.accountedHeap();
        }
        for (OpenFile file : open.values()) {
            bytes += file.accountedHeap();
        }
        for (ParkedFile p : parked) {
            bytes += p.file().accountedHeap();
        }
        return bytes;
    }

    /** Commits the open batch now because the task is over its memory budget; false if there is none. */
    public boolean commitForMemory() {
        if (batch == null) {
            return false;
        }
        commit(RotationReason.MEMORY);
        return true;
    }

    public long bufferedRecords() {
        return batchRecords;
    }

    public long replaysDropped() {
        return replaysDropped;
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    private void commit(RotationReason reason) {
        List<OpenFile> files = new ArrayList<>();
        try {
            for (Target path : List.copyOf(learning.keySet())) {
                openLearnedFile(path);
            }
            files.addAll(finished);
            files.addAll(open.values());
            parked.forEach(p -> files.add(p.file()));
            List<CommitMarker.CommittedObject> objects = new ArrayList<>(files.size());
            List<String> keys = new ArrayList<>(files.size());
            for (OpenFile file : files) {
                file.finish();
                account(file);
                String key = ctx.naming().key(file.directoryTopic(), tp.topic(), tp.partition(), file.firstOffset(),
                        file.lastOffset(), file.path());
                keys.add(key);
                objects.add(new CommitMarker.CommittedObject(key,
                        file.stream().multipart() ? file.stream().key() : null, file.records(), file.size()));
            }
            CommitMarker marker = new CommitMarker(tp.topic(), tp.partition(), batchStart, batchEnd, batchRecords,
                    objects);
            String markerKey = marker.key(topicPrefix);
            byte[] content = marker.serialize();
            try {
                ctx.objects().put(markerKey, content, ctx.conditionalWrites());
            } catch (S3StorageException e) {
                boolean ours = S3Objects.preconditionFailed(e)
                        && ctx.objects().get(markerKey).map(existing -> java.util.Arrays.equals(existing, content))
                        .orElse(false);
                if (S3Objects.preconditionFailed(e) && !ours) {
                    throw new FencedException("Another writer already committed offsets from " + batchStart + " of "
                            + tp + " (s3://" + ctx.objects().bucket() + "/" + markerKey + " exists): this task is "
                            + "stale after a rebalance: it writes nothing and resumes after the data in S3", e);
                }
                if (!ours) {
                    throw e;
                }
            }
            fenceAgainstNewerMarkers(markerKey);
            for (int i = 0; i < files.size(); i++) {
                commitObject(files.get(i), keys.get(i));
            }
            if (lastMarkerKey != null && !lastMarkerKey.equals(markerKey)) {
                try {
                    ctx.objects().delete(lastMarkerKey);
                } catch (S3StorageException e) {
                    // Harmless: recovery uses the newest marker and removes older ones.
                    LOG.warn("Could not delete the previous commit marker {}: {}", lastMarkerKey, e.getMessage());
                }
            }
            lastMarkerKey = markerKey;
            LOG.info("Committed {} offsets {}..{} ({} records) in {} object(s), {} bytes; rotation: {}", tp,
                    batchStart, batchEnd, batchRecords, files.size(),
                    objects.stream().mapToLong(CommitMarker.CommittedObject::bytes).sum(), reason.name()
                            .toLowerCase(java.util.Locale.ROOT));
            ctx.listener().committed(tp, marker, reason);
            releaseMemory();
            resetBatch();
        } catch (IOException | FencedException e) {
            long unwritten = batchStart;
            markBroken("committing offsets " + batchStartForMessage(files) + " to s3://" + ctx.objects().bucket() + "/"
                    + topicPrefix + " failed: " + e.getMessage(), e);
            resumeAfterRepair = unwritten;
        }
    }

    /**
     * Gives up the open batch after an S3 failure the SDK's retries did not overcome. Nothing is lost: the records are
     * still in Kafka, and {@link #repair()} removes what landed and seeks back to them.
     */
    private void markBroken(String reason, Throwable cause) {
        failIfPermanent(cause);
        for (OpenFile file : finished) {
            file.abort();
        }
        for (OpenFile file : open.values()) {
            file.abort();
        }
        for (ParkedFile p : parked) {
            p.file().abort();
        }
        releaseMemory();
        resumeAfterRepair = batch != null ? batchStart : nextOffset;
        resetBatch();
        broken = true;
        brokenReason = reason;
        LOG.warn("{}: {}. The partition pauses until S3 works again, then resumes from its last complete batch",
                tp, reason);
    }

    /**
     * Access denied, a missing bucket, bad credentials: retrying cannot help, so the task fails with S3's reason, the
     * bucket and the prefix, and a human fixes the configuration or the bucket policy.
     */
    private void failIfPermanent(Throwable cause) {
        S3StorageException permanent = S3StorageException.permanentCause(cause);
        if (permanent != null) {
            abort();
            throw new ConnectException("S3 refused to let the sink write " + tp + " to s3://"
                    + ctx.objects().bucket() + "/" + topicPrefix + " (" + permanent.getMessage() + "). This does not "
                    + "go away by retrying: check the bucket, its region and the credentials' permissions "
                    + "(s3:PutObject, s3:GetObject, s3:DeleteObject, s3:ListBucket)", permanent);
        }
    }

    /** Reports the change of a file's heap since it was last accounted to the task's memory budget. */
    private void account(OpenFile file) {
        long heap = file.heapBytes();
        ctx.memory().add(heap - file.accountedHeap());
        file.accountedHeap(heap);
    }

    private void releaseMemory() {
        for (OpenFile file : finished) {
            ctx.memory().add(-file.accountedHeap());
            file.accountedHeap(0);
        }
        for (OpenFile file : open.values()) {
            ctx.memory().add(-file.accountedHeap());
            file.accountedHeap(0);
        }
        for (ParkedFile p : parked) {
            ctx.memory().add(-p.file().accountedHeap());
            p.file().accountedHeap(0);
        }
    }

    /**
     * The conditional marker write fences a second writer of the same start offset only while the first writer's
     * marker exists, and a writer deletes its previous marker once the next batch is in. A stale task that committed
     * two batches after this task recovered has therefore freed the key this batch collides on: its later marker is
     * the only trace. Its start offset is above ours (markers are only written at or after the recovered position), so
     * finding any such marker means our batch overlaps data already in S3: remove our marker and write nothing.
     */
    private void fenceAgainstNewerMarkers(String markerKey) throws S3StorageException {
        String prefix = CommitMarker.prefix(topicPrefix, tp.topic(), tp.partition());
        for (String key : ctx.objects().list(prefix)) {
            OptionalLong start = CommitMarker.startOffsetOf(key, prefix);
            if (start.isPresent() && start.getAsLong() > batchStart) {
                ctx.objects().delete(markerKey);
                throw new FencedException("Another writer committed offsets from " + start.getAsLong() + " of " + tp
                        + " (s3://" + ctx.objects().bucket() + "/" + key + ") after this task's batch from "
                        + batchStart + " started: a stale task of an earlier rebalance is or was writing this "
                        + "partition. Nothing of this batch was written; the partition resumes after the data in S3");
            }
        }
    }

    private void commitObject(OpenFile file, String key) throws IOException {
        try {
            file.stream().commitAs(key);
        } catch (IOException e) {
            // A conditional write whose first attempt landed but whose response was lost is retried by the SDK and
            // then refused: the object is ours if it has our size (the key already pins topic, partition and offsets).
            if (S3Objects.preconditionFailed(e)
                    && ctx.objects().size(key).map(size -> size == file.size()).orElse(false)) {
                LOG.info("Object {} already exists with the expected size: a retried write that had landed", key);
                return;
            }
            throw e;
        }
    }

    private static String batchStartForMessage(List<OpenFile> files) {
        long first = files.stream().mapToLong(OpenFile::firstOffset).min().orElse(-1);
        long last = files.stream().mapToLong(OpenFile::lastOffset).max().orElse(-1);
        return first + ".." + last;
    }

    private OpenFile openFile(Target path, RowSchema schema, long firstOffset) throws IOException {
        String stagingKey = topicPrefix + CommitMarker.STAGING_DIRECTORY + tp.topic() + "+" + tp.partition() + "+"
                + firstOffset + "+" + UUID.randomUUID() + ".parquet.staging";
        S3ObjectOutputStream stream = S3ObjectOutputStream.builder(ctx.objects().client(), ctx.objects().bucket(),
                        stagingKey)
                .partSize(ctx.partSize())
                .ifNoneMatch(ctx.conditionalWrites())
                .writeOptions(ctx.objects().writeOptions())
                .requestCounter(ctx.objects().counter())
                .contentType("application/vnd.apache.parquet")
                .build();
        Map<String, String> footer = new LinkedHashMap<>(ctx.footerMetadata());
        footer.put("kafka.topic", tp.topic());
        footer.put("kafka.partition", Integer.toString(tp.partition()));
        footer.put("kafka.offset.first", Long.toString(firstOffset));
        return new OpenFile(path.topic(), path.path(), stream, ParquetObjectWriter.open(new UnclosableOutputStream(stream), schema,
                ctx.parquet(), footer), firstOffset);
    }

    private long recordTime(SinkRecord record) {
        if (!ctx.rotation().settings().recordTimeRotation() || ctx.recordTime() == null) {
            return FileStats.NO_TIMESTAMP;
        }
        try {
            return ctx.recordTime().extract(record);
        } catch (DataException e) {
            return FileStats.NO_TIMESTAMP;
        }
    }

    private void advance(long offset) {
        nextOffset = offset + 1;
    }

    private void resetBatch() {
        for (LearningFile pending : learning.values()) {
            ctx.memory().add(-pending.heapBytes);
        }
        learning.clear();
        open.clear();
        parked.clear();
        finished.clear();
        batch = null;
        batchStart = -1;
        batchEnd = -1;
        batchRecords = 0;
    }

    static String describe(SinkRecord record) {
        String where = record.originalTopic() + "-" + record.originalKafkaPartition() + "@"
                + record.originalKafkaOffset();
        return Objects.equals(record.topic(), record.originalTopic()) ? where
                : where + " (renamed to topic '" + printable(record.topic()) + "')";
    }

    /**
     * The directory topic of a record: its topic after the connector's SMTs. It becomes part of S3 keys, so a rename
     * to something that is not a valid Kafka topic name is a bad record, with the reason.
     */
    private String directoryTopic(SinkRecord record) {
        String topic = record.topic();
        if (tp.topic().equals(topic)) {
            return tp.topic();
        }
        String problem = ObjectNaming.directoryTopicProblem(topic);
        if (problem != null) {
            throw new DataException("An SMT renamed the topic of " + describe(record) + ", which cannot name an S3 "
                    + "directory: " + problem + ". Change the SMT's replacement so it yields a valid topic name");
        }
        return topic;
    }

    /** For messages: a name an SMT produced, with control characters shown as '?' and at most 300 characters. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 300 ? s.substring(0, 300) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
