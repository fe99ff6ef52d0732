package dev.tiered.connect.s3.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HivePathEscaperTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "page_view|page_view",
        "a/b|a%2Fb",
        "a=b|a%3Db",
        "100%|100%25",
        "C:\\dir|C%3A%5Cdir",
        "\"#'*?{[]^|%22%23%27%2A%3F%7B%5B%5D%5E",
        ".|%2E",
        "..|%2E%2E",
        "../etc|..%2Fetc",
        "été 東京 🚀|été 東京 🚀",
        "with space|with space",
    })
    void escapesLikeHive(String raw, String escaped) {
        assertThat(HivePathEscaper.escape(raw)).isEqualTo(escaped);
        assertThat(HivePathEscaper.unescape(escaped)).isEqualTo(raw);
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(HivePathEscaper.escape("a\u0000b\nc\u007f\u0085")).isEqualTo("a%00b%0Ac%7F%85");
        assertThat(HivePathEscaper.unescape("a%00b%0Ac%7F%85")).isEqualTo("a\u0000b\nc\u007f\u0085");
    }

    @Test
    void nullAndEmptyGoToHiveDefaultPartition() {
        assertThat(HivePathEscaper.escape(null)).isEqualTo("__HIVE_DEFAULT_PARTITION__");
        assertThat(HivePathEscaper.escape("")).isEqualTo("__HIVE_DEFAULT_PARTITION__");
        assertThat(HivePathEscaper.unescape("__HIVE_DEFAULT_PARTITION__")).isNull();
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacter() {
        String escaped = HivePathEscaper.escape("a\uD800b\uDC00");
        assertThat(escaped).isEqualTo("a\uFFFDb\uFFFD");
        assertThat(new String(escaped.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(escaped);
    }

    @Test
    void longValuesAreCappedWithDistinctHashSuffixes() {
        String a = "x".repeat(2000) + "a";
        String b = "x".repeat(2000) + "b";
        String ea = HivePathEscaper.escape(a);
        String eb = HivePathEscaper.escape(b);
        assertThat(ea.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(HivePathEscaper.MAX_VALUE_BYTES);
        assertThat(ea).startsWith("xxxx").matches(".*~[0-9a-f]{16}").isNotEqualTo(eb);
        assertThat(HivePathEscaper.escape("x".repeat(512))).isEqualTo("x".repeat(512));
    }

    @Test
    void cappingNeverSplitsEscapesOrCodePoints() {
        String value = "/🚀é".repeat(400);
        String escaped = HivePathEscaper.escape(value);
        assertThat(escaped.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(HivePathEscaper.MAX_VALUE_BYTES);
        String kept = escaped.substring(0, escaped.lastIndexOf('~'));
        assertThat(kept).matches("(%2F🚀é)*(%2F)?(🚀)?");
        assertThat(new String(escaped.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(escaped);
    }

    @Test
    void randomStringsRoundTripAndNeverContainSeparators() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            String raw = RandomStrings.next(random, 40);
            String escaped = HivePathEscaper.escape(raw);
            assertThat(escaped).doesNotContain("/").doesNotContain("=").doesNotContain("\\").isNotEmpty();
            assertThat(escaped).isNotIn(".", "..");
            assertThat(escaped.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7F && c < 0xA0));
            if (HivePathEscaper.utf8Length(HivePathEscaper.escapeUncapped(raw)) > HivePathEscaper.MAX_VALUE_BYTES) {
                continue;
            }
            if (raw.isEmpty() || raw.equals(HivePathEscaper.DEFAULT_PARTITION)) {
                assertThat(HivePathEscaper.unescape(escaped)).isNull();
            } else {
                assertThat(HivePathEscaper.unescape(escaped)).as("round trip of %s", escaped).isEqualTo(raw);
            }
        }
    }
}
