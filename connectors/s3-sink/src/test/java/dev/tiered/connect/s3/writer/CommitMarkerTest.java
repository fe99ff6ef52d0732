package dev.tiered.connect.s3.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commit marker's key scheme and its content round trip, including keys with any characters an escaped path has. */
class CommitMarkerTest {

    private static final String TOPIC_PREFIX = "lake/events.cold/";

    @Test
    void contentRoundTripsWithEveryField() {
        CommitMarker marker = new CommitMarker("events.cold", 3, 120_000, 219_873, 99_874, List.of(
                new CommitMarker.CommittedObject("lake/events.cold/event_type=Z%C3%BCrich caf\u00e9 \u65e5\u672c/x.parquet",
                        null, 40_000, 5_000_000),
                new CommitMarker.CommittedObject("lake/events.cold/event_type=a=b#c!d/y.parquet",
                        "lake/events.cold/_tiered/staging/s.parquet.staging", 59_874, 31_000_000)));

        byte[] content = marker.serialize();

        assertThat(CommitMarker.parse(content)).isEqualTo(marker);
        assertThat(new String(content, StandardCharsets.ISO_8859_1)).as("people can read it")
                .contains("start.offset=120000", "end.offset=219873", "objects=2");
    }

    @Test
    void keysSortByStartOffsetAndParseBack() {
        String prefix = CommitMarker.prefix(TOPIC_PREFIX, "events.cold", 3);
        String early = CommitMarker.key(TOPIC_PREFIX, "events.cold", 3, 9);
        String late = CommitMarker.key(TOPIC_PREFIX, "events.cold", 3, 10);

        assertThat(early).isEqualTo("lake/events.cold/_tiered/commits/events.cold+3+00000000000000000009.properties");
        assertThat(early.compareTo(late)).isNegative();
        assertThat(CommitMarker.startOffsetOf(late, prefix)).hasValue(10);
    }

    @Test
    void partitionPrefixDoesNotMatchAnotherPartitionWithTheSameLeadingDigit() {
        String prefixOfPartition1 = CommitMarker.prefix(TOPIC_PREFIX, "events.cold", 1);
        String keyOfPartition10 = CommitMarker.key(TOPIC_PREFIX, "events.cold", 10, 5);

        assertThat(keyOfPartition10).doesNotStartWith(prefixOfPartition1);
    }

    @Test
    void foreignKeysUnderThePrefixAreNotMarkers() {
        String prefix = CommitMarker.prefix(TOPIC_PREFIX, "t", 0);

        assertThat(CommitMarker.startOffsetOf(prefix + "12.properties", prefix)).isEmpty();
        assertThat(CommitMarker.startOffsetOf(prefix + "0000000000000000001x.properties", prefix)).isEmpty();
        assertThat(CommitMarker.startOffsetOf(prefix + "00000000000000000012.json", prefix)).isEmpty();
        assertThat(CommitMarker.startOffsetOf("elsewhere/00000000000000000012.properties", prefix)).isEmpty();
    }

    @Test
    void contentThisSinkDidNotWriteIsRejectedWithTheReason() {
        assertThatThrownBy(() -> CommitMarker.parse("hello=world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> CommitMarker.parse("format=1\ntopic=t\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks");
        assertThat(CommitMarker.tryParse(new byte[] {1, 2, 3})).isEmpty();
    }

    @Test
    void offsetsMustDescribeARange() {
        assertThatThrownBy(() -> new CommitMarker("t", 0, 10, 9, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
