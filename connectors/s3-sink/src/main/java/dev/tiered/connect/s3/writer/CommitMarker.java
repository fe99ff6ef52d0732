package dev.tiered.connect.s3.writer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The record of one committed batch of a Kafka partition: offsets {@code start..end} (inclusive) and the objects that
 * hold them. Written to S3 <em>before</em> the batch's data objects are made visible, so that recovery can tell a
 * complete batch (all its objects exist) from one interrupted by a crash (some missing), and knows exactly which
 * objects to remove in the second case. See {@link PartitionRecovery}.
 *
 * <p>Key: {@code <topics.dir>/<topic>/_tiered/commits/<topic>+<partition>+<start, 20 digits>.properties}. Query
 * engines (Hive, Spark, Trino, Athena) skip directories starting with {@code _}, and the extension keeps it out of
 * {@code *.parquet} globs. The start offset in the key makes two writers of the same batch collide, which a
 * conditional write turns into a fence. The content is a {@link Properties} file, readable by people and by any tool.
 */
public record CommitMarker(String topic, int partition, long startOffset, long endOffset, long records,
                           List<CommittedObject> objects) {

    public static final String DIRECTORY = "_tiered/commits/";
    public static final String STAGING_DIRECTORY = "_tiered/staging/";
    public static final String EXTENSION = ".properties";
    private static final int FORMAT = 1;

    /** One object of the batch: its final key, the staging key a multipart object passed through (or null). */
    public record CommittedObject(String key, String stagingKey, long records, long bytes) {
        public CommittedObject {
            Objects.requireNonNull(key, "key");
        }
    }

    public CommitMarker {
        objects = List.copyOf(objects);
        if (startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("invalid offsets " + startOffset + ".." + endOffset);
        }
    }

    /** {@code <topics.dir>/<topic>/_tiered/commits/<topic>+<partition>+}: list this to find a partition's markers. */
    public static String prefix(String topicPrefix, String topic, int partition) {
        return topicPrefix + DIRECTORY + topic + "+" + partition + "+";
    }

    public static String key(String topicPrefix, String topic, int partition, long startOffset) {
        return prefix(topicPrefix, topic, partition) + pad(startOffset) + EXTENSION;
    }

    /** The start offset encoded in a marker key listed under {@link #prefix}, or empty for foreign keys. */
    public static OptionalLong startOffsetOf(String key, String prefix) {
        if (!key.startsWith(prefix) || !key.endsWith(EXTENSION)) {
            return OptionalLong.empty();
        }
        String digits = key.substring(prefix.length(), key.length() - EXTENSION.length());
        if (digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public String key(String topicPrefix) {
        return key(topicPrefix, topic, partition, startOffset);
    }

    public byte[] serialize() {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("topic", topic);
        p.setProperty("partition", Integer.toString(partition));
        p.setProperty("start.offset", Long.toString(startOffset));
        p.setProperty("end.offset", Long.toString(endOffset));
        p.setProperty("records", Long.toString(records));
        p.setProperty("objects", Integer.toString(objects.size()));
        for (int i = 0; i < objects.size(); i++) {
            CommittedObject o = objects.get(i);
            p.setProperty("object." + i + ".key", o.key());
            if (o.stagingKey() != null) {
                p.setProperty("object." + i + ".staging.key", o.stagingKey());
            }
            p.setProperty("object." + i + ".records", Long.toString(o.records()));
            p.setProperty("object." + i + ".bytes", Long.toString(o.bytes()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.store(out, "Tiered Connect S3 sink commit marker: the objects holding offsets " + startOffset + ".."
                    + endOffset + " of " + topic + "-" + partition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a marker's content.
     *
     * @throws IllegalArgumentException naming what is wrong, for content this class did not write
     */
    public static CommitMarker parse(byte[] content) {
        Properties p = new Properties();
        try {
            // Properties.store writes ISO-8859-1 with \\u escapes, so reading it back as such is exact.
            p.load(new StringReader(new String(content, StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a commit marker: " + e.getMessage(), e);
        }
        if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
            throw new IllegalArgumentException("unsupported commit marker format '" + p.getProperty("format") + "'");
        }
        int count = (int) number(p, "objects");
        List<CommittedObject> objects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            objects.add(new CommittedObject(required(p, "object." + i + ".key"),
                    p.getProperty("object." + i + ".staging.key"), number(p, "object." + i + ".records"),
                    number(p, "object." + i + ".bytes")));
        }
        return new CommitMarker(required(p, "topic"), (int) number(p, "partition"), number(p, "start.offset"),
                number(p, "end.offset"), number(p, "records"), objects);
    }

    /** Parses, or empty if the content is not a marker. */
    public static Optional<CommitMarker> tryParse(byte[] content) {
        try {
            return Optional.of(parse(content));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String required(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("commit marker lacks '" + name + "'");
        }
        return value;
    }

    private static long number(Properties p, String name) {
        String value = required(p, name);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("commit marker '" + name + "' is not a number: " + value);
        }
    }

    private static String pad(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(20 - digits.length()) + digits;
    }
}
