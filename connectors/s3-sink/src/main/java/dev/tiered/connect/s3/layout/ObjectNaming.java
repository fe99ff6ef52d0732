package dev.tiered.connect.s3.layout;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Builds and parses object keys {@code <topics.dir>/<topic>/<partition path>/<topic>+<partition>+<start>+<end>.parquet}
 * with offsets zero-padded to {@value #OFFSET_DIGITS} digits, so that listing order is offset order.
 *
 * <p>Parsing reads the file name from the right: extension, then end offset, start offset and Kafka partition, each
 * split at the LAST {@code +}; whatever remains is the topic. Topics, partition paths and {@code topics.dir} may thus
 * contain {@code +}, {@code .} and (paths) {@code /} without ambiguity. A key is only accepted if it also begins with
 * {@code <topics.dir>/<that topic>/}, or with {@code <topics.dir>/<a directory topic>/} (see below), so keys of other
 * writers sharing the bucket are ignored.
 *
 * <p><b>Renamed topics.</b> When an SMT renamed the record's topic (RegexRouter, TimestampRouter, PriorityRouter), the
 * renamed topic names the directory, {@code <topics.dir>/<renamed topic>/<partition path>/}, while the file name keeps
 * the topic, partition and offsets the records were consumed from. Those identify the records, and they keep keys
 * unique when several topics are renamed onto one (their partitions' offsets overlap).
 */
public final class ObjectNaming {

    public static final String EXTENSION = ".parquet";
    public static final int OFFSET_DIGITS = 20;
    /** S3's limit on key length, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Kafka's limit on topic name length. */
    static final int MAX_TOPIC_LENGTH = 249;

    private final String topicsDir;

    /** @param topicsDir the prefix for all objects, without leading or trailing slash */
    public ObjectNaming(String topicsDir) {
        this.topicsDir = LayoutConfig.normalizeTopicsDir(topicsDir);
        if (this.topicsDir.isEmpty()) {
            throw new IllegalArgumentException("topics.dir must not be empty");
        }
    }

    public String topicsDir() {
        return topicsDir;
    }

    /** The prefix under which every object of {@code topic} lives. */
    public String topicPrefix(String topic) {
        return topicsDir + "/" + topic + "/";
    }

    /**
     * The key for a file of {@code topic}/{@code kafkaPartition} holding offsets {@code startOffset..endOffset}
     * (inclusive). A partition path too long for S3's 1024-byte limit has its longest values hashed until it fits.
     */
    public String key(String topic, int kafkaPartition, long startOffset, long endOffset, PartitionPath path) {
        return key(topic, topic, kafkaPartition, startOffset, endOffset, path);
    }

    /**
     * The key for a file under {@code <topics.dir>/<directoryTopic>/} (the topic an SMT renamed the records to) holding
     * offsets {@code startOffset..endOffset} (inclusive) of {@code topic}/{@code kafkaPartition}, where they were read.
     */
    public String key(String directoryTopic, String topic, int kafkaPartition, long startOffset, long endOffset,
                      PartitionPath path) {
        if (startOffset < 0 || endOffset < startOffset || kafkaPartition < 0) {
            throw new IllegalArgumentException("invalid offsets or partition: " + kafkaPartition + " " + startOffset
                    + ".." + endOffset);
        }
        String prefix = topicPrefix(directoryTopic);
        String fileName = fileName(topic, kafkaPartition, startOffset, endOffset);
        int fixedBytes = utf8(prefix) + utf8(fileName) + 1;
        PartitionPath fitted = path.utf8Length() + fixedBytes <= MAX_KEY_BYTES ? path
                : path.fitTo(MAX_KEY_BYTES - fixedBytes);
        String dir = fitted.toString();
        return dir.isEmpty() ? prefix + fileName : prefix + dir + "/" + fileName;
    }

    /** The key's parts, or empty if it is not a key this naming writes. */
    public Optional<ObjectKey> parse(String key) {
        if (key == null || !key.startsWith(topicsDir + "/") || !key.endsWith(EXTENSION)) {
            return Optional.empty();
        }
        int slash = key.lastIndexOf('/');
        String stem = key.substring(slash + 1, key.length() - EXTENSION.length());
        int endSep = stem.lastIndexOf('+');
        if (endSep < 0) {
            return Optional.empty();
        }
        int startSep = stem.lastIndexOf('+', endSep - 1);
        if (startSep < 0) {
            return Optional.empty();
        }
        int partitionSep = stem.lastIndexOf('+', startSep - 1);
        if (partitionSep <= 0) {
            return Optional.empty();
        }
        String topic = stem.substring(0, partitionSep);
        long partition = digits(stem.substring(partitionSep + 1, startSep), 10);
        long start = digits(stem.substring(startSep + 1, endSep), OFFSET_DIGITS);
        long end = digits(stem.substring(endSep + 1), OFFSET_DIGITS);
        if (partition < 0 || partition > Integer.MAX_VALUE || start < 0 || end < start) {
            return Optional.empty();
        }
        String prefix = topicPrefix(topic);
        String directory = topic;
        if (!key.startsWith(prefix)) {
            // A renamed topic's directory: a valid topic name (checkDirectoryTopic), so it contains no '/'.
            int dirEnd = key.indexOf('/', topicsDir.length() + 1);
            directory = key.substring(topicsDir.length() + 1, Math.max(dirEnd, topicsDir.length() + 1));
            if (dirEnd < 0 || directoryTopicProblem(directory) != null) {
                return Optional.empty();
            }
            prefix = topicPrefix(directory);
        }
        if (slash + 1 < prefix.length()) {
            return Optional.empty();
        }
        String path = slash + 1 == prefix.length() ? "" : key.substring(prefix.length(), slash);
        return Optional.of(new ObjectKey(topic, (int) partition, start, end, path, directory));
    }

    /**
     * Why {@code topic}, as an SMT renamed a record's topic, cannot name a directory, or null if it can. The rules are
     * Kafka's own for topic names (at most 249 of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}): an SMT can
     * produce any string, and a {@code /}, {@code ..} or control character would escape or garble the layout.
     */
    public static String directoryTopicProblem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "the topic is empty";
        }
        if (topic.equals(".") || topic.equals("..")) {
            return "'" + topic + "' is not a valid topic name";
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            return "the topic is longer than " + MAX_TOPIC_LENGTH + " characters";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            if (!legal) {
                return "the topic contains '" + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c)) + "', which Kafka topic names (and so directory names) may not contain";
            }
        }
        return null;
    }

    static String fileName(String topic, int kafkaPartition, long startOffset, long endOffset) {
        return topic + "+" + kafkaPartition + "+" + pad(startOffset) + "+" + pad(endOffset) + EXTENSION;
    }

    private static String pad(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }

    /** The non-negative number spelled by 1..maxDigits ASCII digits, or -1. */
    private static long digits(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
