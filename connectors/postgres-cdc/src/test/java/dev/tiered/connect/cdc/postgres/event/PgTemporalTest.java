package dev.tiered.connect.cdc.postgres.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand parser against the {@code DateTimeFormatter} path it replaces for PostgreSQL's usual forms. */
class PgTemporalTest {

    private static final List<String> OFFSETS = List.of("+00", "+02", "-08", "+05:30", "-03:30", "+05:30:15",
            "-00:25:21", "+14", "-12");

    @Test
    void agreesWithTheFormatterOnManyDatesAndTimes() {
        Random random = new Random(20261123L);
        for (int i = 0; i < 50_000; i++) {
            String text = randomTimestampText(random);
            boolean bcLeapDay = text.endsWith(" BC") && text.startsWith("-02-29", 4);
            if (bcLeapDay) {
                continue; // the formatter path got these wrong, see below
            }
            assertThat(PgTemporal.localDateTime(text)).as(text).isEqualTo(PgTemporal.formatted(text));
            boolean hasTime = text.length() > (text.endsWith(" BC") ? 13 : 10);
            if (hasTime) {
                String offset = OFFSETS.get(random.nextInt(OFFSETS.size()));
                String withOffset = text.endsWith(" BC")
                        ? text.substring(0, text.length() - 3) + offset + " BC" : text + offset;
                assertThat(PgTemporal.offsetDateTime(withOffset)).as(withOffset)
                        .isEqualTo(OffsetDateTime.of(PgTemporal.formatted(text), ZoneOffset.of(offset)));
            } else {
                assertThat(PgTemporal.date(text)).as(text).isEqualTo(PgTemporal.formatted(text).toLocalDate());
            }
        }
    }

    @Test
    void readsPostgresqlsFormsExactly() {
        assertThat(PgTemporal.date("2024-05-06")).isEqualTo(LocalDate.of(2024, 5, 6));
        assertThat(PgTemporal.localDateTime("2024-05-06 07:08:09")).isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9));
        assertThat(PgTemporal.localDateTime("2024-05-06 07:08:09.1"))
                .isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 100_000_000));
        assertThat(PgTemporal.localDateTime("2024-05-06 07:08:09.000123"))
                .isEqualTo(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_000));
        assertThat(PgTemporal.localDateTime("0044-03-15 12:00:00 BC"))
                .isEqualTo(LocalDateTime.of(-43, 3, 15, 12, 0));
        assertThat(PgTemporal.date("0001-01-01 BC")).isEqualTo(LocalDate.of(0, 1, 1));
        assertThat(PgTemporal.offsetDateTime("2024-05-06 07:08:09.123456+05:30:15"))
                .isEqualTo(OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000, ZoneOffset.ofHoursMinutesSeconds(5, 30,
                        15)));
        assertThat(PgTemporal.offsetDateTime("0100-01-01 00:00:00-08 BC"))
                .isEqualTo(OffsetDateTime.of(-99, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-8)));
        // five-digit years are PostgreSQL's too (up to 294276): the formatter path reads them
        assertThat(PgTemporal.localDateTime("12345-06-07 08:09:10.5"))
                .isEqualTo(LocalDateTime.of(12345, 6, 7, 8, 9, 10, 500_000_000));
    }

    /** 1 BC, 5 BC, … are leap years (proleptic 0, -4): the formatter path clamped their 29 February to the 28th. */
    @Test
    void readsTheLeapDayOfLeapYearsBeforeChrist() {
        assertThat(PgTemporal.date("0001-02-29 BC")).isEqualTo(LocalDate.of(0, 2, 29));
        assertThat(PgTemporal.localDateTime("0005-02-29 10:00:00 BC")).isEqualTo(LocalDateTime.of(-4, 2, 29, 10, 0));
    }

    /** Unusual text (PostgreSQL does not write it) has the formatter's outcome: its value, or its failure. */
    @Test
    void unusualTextHasTheFormattersOutcome() {
        for (String text : List.of("infinity", "-infinity", "2024-05-06T07:08:09", "2024-05-06 07:08", "2024-13-01",
                "2024-05-06 24:00:00", "2024-05-06 07:08:60", "2024-5-6", "", "0000-01-01", "2024-05-06 07:08:09.",
                "2024-05-06 07:08:09.1234567890", "2024/05/06", "2023-02-29", "2024-04-31 BC", "+2024-05-06",
                "2024-05-06 07:08:09 BC BC", " BC", "2024-05-06 7:08:09")) {
            assertThat(outcome(() -> PgTemporal.localDateTime(text))).as(text)
                    .isEqualTo(outcome(() -> PgTemporal.formatted(text)));
        }
        assertThatThrownBy(() -> PgTemporal.localDateTime("infinity")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> PgTemporal.offsetDateTime("infinity")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> PgTemporal.offsetDateTime("2024-05-06 07:08:09+25"))
                .isInstanceOf(RuntimeException.class);
    }

    private static Object outcome(java.util.function.Supplier<LocalDateTime> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    /** yyyy-MM-dd, or with HH:mm:ss and 0 to 9 fraction digits, a tenth of them BC. */
    private static String randomTimestampText(Random random) {
        LocalDate date = LocalDate.ofEpochDay(random.nextInt((int) LocalDate.of(9999, 12, 31).toEpochDay()
                - (int) LocalDate.of(1, 1, 1).toEpochDay()) + LocalDate.of(1, 1, 1).toEpochDay());
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(),
                date.getDayOfMonth()));
        if (random.nextInt(5) > 0) {
            text.append(String.format(" %02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60)));
            int fractionDigits = random.nextInt(10);
            if (fractionDigits > 0) {
                text.append('.');
                for (int i = 0; i < fractionDigits; i++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
        }
        if (random.nextInt(10) == 0) {
            text.append(" BC");
        }
        return text.toString();
    }
}
