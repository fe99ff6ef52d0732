package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/** String values become the same Binary per column while the column repeats itself, and are never altered. */
class ColumnStringsTest {

    private final Field country = new Field("country", 0, Schema.OPTIONAL_STRING_SCHEMA);
    private final Field city = new Field("city", 1, Schema.OPTIONAL_STRING_SCHEMA);

    @Test
    void reusesTheBinaryOfARepeatedValueInAColumn() {
        ColumnStrings strings = new ColumnStrings();
        Binary first = strings.binary(country, new String("DE"));
        assertThat(strings.binary(country, new String("DE"))).isSameAs(first);
        assertThat(strings.binary(city, "DE")).as("another column has its own").isNotSameAs(first)
                .isEqualTo(first);
        assertThat(strings.binary(null, "DE")).as("list elements and map entries are not cached")
                .isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void encodesAsBinaryFromStringDoes() {
        ColumnStrings strings = new ColumnStrings();
        for (String value : new String[] {"", "plain", "é ü ß 中文 😀", "\ud800 lone surrogate",
                "x".repeat(ColumnStrings.MAX_LENGTH + 1)}) {
            Binary binary = strings.binary(country, value);
            assertThat(binary.getBytes()).isEqualTo(Binary.fromString(value).getBytes())
                    .isEqualTo(value.getBytes(StandardCharsets.UTF_8));
            assertThat(binary).isEqualTo(Binary.fromString(value));
        }
    }

    @Test
    void stopsCachingAColumnThatKeepsBringingNewValues() {
        ColumnStrings strings = new ColumnStrings();
        for (int i = 0; i < 2 * ColumnStrings.MAX_ENTRIES + 1; i++) {
            strings.binary(country, "id-" + i);
        }
        Binary once = strings.binary(country, "id-0");
        assertThat(strings.binary(country, "id-0")).as("no longer cached").isNotSameAs(once).isEqualTo(once);
        Binary other = strings.binary(city, "Berlin");
        assertThat(strings.binary(city, "Berlin")).as("other columns still are").isSameAs(other);
    }
}
