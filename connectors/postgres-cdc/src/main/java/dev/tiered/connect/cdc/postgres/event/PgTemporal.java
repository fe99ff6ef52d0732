package dev.tiered.connect.cdc.postgres.event;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses PostgreSQL's text output of date, timestamp and timestamptz (DateStyle ISO, the walsender's default):
 * {@code 2024-05-06}, {@code 2024-05-06 05:08:09.123456}, {@code 2024-05-06 07:08:09.123456+02} (offsets {@code +hh},
 * {@code +hh:mm} or {@code +hh:mm:ss}), with a trailing {@code " BC"} for years before 1 AD.
 */
final class PgTemporal {

    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR_OF_ERA, 4, 9, java.time.format.SignStyle.NORMAL)
            .appendLiteral('-').appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-').appendValue(ChronoField.DAY_OF_MONTH, 2)
            .optionalStart()
            .appendLiteral(' ')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .parseDefaulting(ChronoField.ERA, 1)
            .toFormatter(Locale.ROOT);

    private PgTemporal() {
    }

    static LocalDate date(String text) {
        return localDateTime(text).toLocalDate();
    }

    static LocalDateTime localDateTime(String text) {
        boolean bc = text.endsWith(" BC");
        String value = bc ? text.substring(0, text.length() - 3) : text;
        java.time.temporal.TemporalAccessor parsed = LOCAL_DATE_TIME.parse(value);
        LocalDate date = LocalDate.of(parsed.get(ChronoField.YEAR_OF_ERA), parsed.get(ChronoField.MONTH_OF_YEAR),
                parsed.get(ChronoField.DAY_OF_MONTH));
        if (bc) {
            date = date.withYear(1 - date.getYear());
        }
        if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return date.atStartOfDay();
        }
        return date.atTime(parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
                parsed.get(ChronoField.SECOND_OF_MINUTE),
                parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0);
    }

    static OffsetDateTime offsetDateTime(String text) {
        boolean bc = text.endsWith(" BC");
        String value = bc ? text.substring(0, text.length() - 3) : text;
        int sign = Math.max(value.lastIndexOf('+'), value.lastIndexOf('-'));
        if (sign < 11) {
            throw new IllegalArgumentException("not a timestamptz: " + text);
        }
        ZoneOffset offset = ZoneOffset.of(value.substring(sign));
        LocalDateTime local = localDateTime(value.substring(0, sign) + (bc ? " BC" : ""));
        return OffsetDateTime.of(local, offset);
    }
}
