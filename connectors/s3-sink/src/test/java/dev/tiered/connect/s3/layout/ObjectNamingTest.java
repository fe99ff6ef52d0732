package dev.tiered.connect.s3.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectNamingTest {

    private final ObjectNaming naming = new ObjectNaming("topics");

    private static PartitionPath path(String... segments) {
        return PartitionPath.ofSafeSegments(List.of(segments));
    }

    @Test
    void buildsZeroPaddedKey() {
        String key = naming.key("events", 3, 42, 1041, path("processing_date=2026-11-23", "event_type=page_view"));
        assertThat(key).isEqualTo("topics/events/processing_date=2026-11-23/event_type=page_view/"
                + "events+3+00000000000000000042+00000000000000001041.parquet");
    }

    @Test
    void lexicographicOrderIsOffsetOrder() {
        String a = naming.key("t", 0, 9, 99, path("partition=0"));
        String b = naming.key("t", 0, 100, 1000, path("partition=0"));
        assertThat(a).isLessThan(b);
    }

    @Test
    void topicsDirSlashesAreNormalised() {
        assertThat(new ObjectNaming("/lake/raw/").key("t", 0, 0, 0, path("partition=0")))
                .isEqualTo("lake/raw/t/partition=0/t+0+00000000000000000000+00000000000000000000.parquet");
        assertThatThrownBy(() -> new ObjectNaming("/")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"events", "my.topic", "my_topic", "my-topic", "a+b", "a+1+2", "a.b+c-d_e", "x",
        "0+0+00000000000000000001"})
    void parsesBackWhatItBuilds(String topic) {
        String key = naming.key(topic, 7, 5, 9, path("date=2026-11-23", "k=a+b+c.d"));
        assertThat(naming.parse(key)).contains(new ObjectKey(topic, 7, 5, 9, "date=2026-11-23/k=a+b+c.d"));
    }

    @Test
    void parsesKeyWithoutPartitionPath() {
        String key = naming.key("t", 1, 2, 3, PartitionPath.EMPTY);
        assertThat(key).isEqualTo("topics/t/t+1+00000000000000000002+00000000000000000003.parquet");
        assertThat(naming.parse(key)).contains(new ObjectKey("t", 1, 2, 3, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "other/t/partition=0/t+0+00000000000000000000+00000000000000000001.parquet",
        "topics/t/partition=0/t+0+00000000000000000000+00000000000000000001.json",
        "topics/t/partition=0/t+0+00000000000000000000.parquet",
        "topics/t/partition=0/t+x+00000000000000000000+00000000000000000001.parquet",
        "topics/t/partition=0/t+0+0000000000000000000a+00000000000000000001.parquet",
        "topics/t/partition=0/t+0+00000000000000000005+00000000000000000001.parquet",
        "topics/t/partition=0/t+0+000000000000000000000+00000000000000000001.parquet",
        "topics/u%2F/partition=0/t+0+00000000000000000000+00000000000000000001.parquet",
        "topics/../partition=0/t+0+00000000000000000000+00000000000000000001.parquet",
        "topics/t/partition=0/+0+00000000000000000000+00000000000000000001.parquet",
        "topics/t+0+00000000000000000000+00000000000000000001.parquet",
        "topics/t/partition=0/t+0+00000000000000000000+00000000000000000001.parquet/",
        "topics/",
        ""})
    void rejectsForeignKeys(String key) {
        assertThat(naming.parse(key)).isEmpty();
    }

    @Test
    void aRenamedTopicNamesTheDirectoryAndTheFileKeepsWhereTheRecordsWereRead() {
        String key = naming.key("orders.hot", "orders", 3, 5, 9, path("date=2026-11-23"));
        assertThat(key).isEqualTo("topics/orders.hot/date=2026-11-23/orders+3+00000000000000000005"
                + "+00000000000000000009.parquet");
        assertThat(naming.parse(key)).contains(new ObjectKey("orders", 3, 5, 9, "date=2026-11-23", "orders.hot"));
        String flat = naming.key("archive", "orders", 0, 1, 2, PartitionPath.EMPTY);
        assertThat(naming.parse(flat)).contains(new ObjectKey("orders", 0, 1, 2, "", "archive"));
        // Two topics renamed onto one: same partition, same offsets, still two keys.
        assertThat(naming.key("all", "eu", 0, 0, 9, path("p=1"))).isNotEqualTo(naming.key("all", "us", 0, 0, 9,
                path("p=1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../x", "a b", "tab\tname", "ü", "nul\u0000"})
    void namesThatAreNotKafkaTopicNamesCannotNameADirectory(String topic) {
        assertThat(ObjectNaming.directoryTopicProblem(topic)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"t", "orders.hot", "a_b-c.1", "..."})
    void kafkaTopicNamesCanNameADirectory(String topic) {
        assertThat(ObjectNaming.directoryTopicProblem(topic)).isNull();
        assertThat(ObjectNaming.directoryTopicProblem("t".repeat(250))).contains("249");
    }

    @Test
    void topicWhosePrefixLooksLikeAnotherTopicIsNotConfused() {
        // "a+b" files must not be read as topic "a" partition "b": the partition is parsed from the right.
        String key = naming.key("a+b", 0, 1, 2, path("partition=0"));
        assertThat(naming.parse(key).map(ObjectKey::topic)).contains("a+b");
        assertThat(naming.parse(key).map(ObjectKey::kafkaPartition)).contains(0);
    }

    @Test
    void maxOffsetsFit() {
        String key = naming.key("t", Integer.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE, path("p=1"));
        assertThat(naming.parse(key)).contains(new ObjectKey("t", Integer.MAX_VALUE, Long.MAX_VALUE - 1,
                Long.MAX_VALUE, "p=1"));
    }

    @Test
    void rejectsInvalidOffsets() {
        assertThatThrownBy(() -> naming.key("t", 0, 5, 4, path("p=1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> naming.key("t", 0, -1, 4, path("p=1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlongPartitionPathsAreShortenedToFitS3Limit() {
        String topic = "t".repeat(249);
        ObjectNaming deep = new ObjectNaming("d".repeat(200));
        PartitionPath longPath = PartitionPath.ofSafeSegments(List.of(
                PartitionPath.segment("a", "x".repeat(600)),
                PartitionPath.segment("b", "🚀".repeat(300)),
                PartitionPath.segment("c", "short")));
        String key = deep.key(topic, 1, 0, 10, longPath);
        assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ObjectNaming.MAX_KEY_BYTES);
        assertThat(key).startsWith("d".repeat(200) + "/" + topic + "/a=");
        assertThat(key).contains("/b=").contains("/c=short/");
        Optional<ObjectKey> parsed = deep.parse(key);
        assertThat(parsed).isPresent();
        assertThat(parsed.get().topic()).isEqualTo(topic);
        assertThat(parsed.get().endOffset()).isEqualTo(10);
    }

    @Test
    void randomHostileFieldValuesStayUnderTheTopicPrefixAndRoundTrip() {
        Random random = new Random(7);
        List<String> topics = List.of("events", "a.b", "a+b", "x_y-z", "t".repeat(249));
        for (int i = 0; i < 3000; i++) {
            String topic = topics.get(random.nextInt(topics.size()));
            List<String> raws = new ArrayList<>();
            List<String> segments = new ArrayList<>();
            int fields = 1 + random.nextInt(3);
            for (int f = 0; f < fields; f++) {
                String raw = random.nextInt(50) == 0 ? "y".repeat(random.nextInt(3000)) : RandomStrings.next(random, 30);
                raws.add(raw);
                segments.add(PartitionPath.segment("f" + f, raw));
            }
            long start = Math.abs(random.nextLong() % 1_000_000_000_000L);
            long end = start + random.nextInt(100_000);
            int partition = random.nextInt(1000);
            String key = naming.key(topic, partition, start, end, PartitionPath.ofSafeSegments(segments));

            assertThat(key).startsWith("topics/" + topic + "/");
            assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ObjectNaming.MAX_KEY_BYTES);
            assertThat(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(key);
            String dir = key.substring(("topics/" + topic + "/").length(), key.lastIndexOf('/'));
            String fullDir = String.join("/", segments);
            if (key.length() - dir.length() + HivePathEscaper.utf8Length(fullDir) <= 1000) {
                assertThat(dir).isEqualTo(fullDir);
            }
            String[] parts = dir.split("/", -1);
            assertThat(parts).hasSize(fields);
            for (int f = 0; f < fields; f++) {
                assertThat(parts[f]).startsWith("f" + f + "=").isNotIn(".", "..", "");
                String escaped = parts[f].substring(parts[f].indexOf('=') + 1);
                String raw = raws.get(f);
                boolean fitsUncapped = HivePathEscaper.utf8Length(HivePathEscaper.escapeUncapped(raw))
                        <= HivePathEscaper.MAX_VALUE_BYTES;
                if (parts[f].equals(segments.get(f)) && fitsUncapped) {
                    String expected = raw.isEmpty() || raw.equals(HivePathEscaper.DEFAULT_PARTITION) ? null : raw;
                    assertThat(HivePathEscaper.unescape(escaped)).isEqualTo(expected);
                }
            }
            assertThat(naming.parse(key)).contains(new ObjectKey(topic, partition, start, end, dir));
        }
    }
}
