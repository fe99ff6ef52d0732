package dev.tiered.connect.cdc.postgres.event;

import java.time.DateTimeException;
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
 *
 * <p>The forms PostgreSQL writes for years 1 to 9999 ({@code yyyy-MM-dd[ HH:mm:ss[.f…]][ BC]}) are parsed by hand:
 * {@code DateTimeFormatter} parsing was a tenth of the reader thread's time and allocation (its {@code Parsed} and
 * context objects per value). Anything else (five-digit years, malformed text) takes the formatter, as before.
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
        LocalDateTime parsed = isoDateTime(text, bc ? text.length() - 3 : text.length(), bc);
        return parsed != null ? parsed : formatted(text);
    }

    /**
     * {@code text[0, end)} as {@code yyyy-MM-dd[ HH:mm:ss[.f{1,9}]]} of year {@code yyyy} AD, or BC when {@code bc};
     * null when it is not exactly that or not a valid date and time (then the formatter decides).
     */
    private static LocalDateTime isoDateTime(String text, int end, boolean bc) {
        if (end != 10 && (end < 19 || text.charAt(10) != ' ')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = text.charAt(4) == '-' ? digits(text, 5, 7) : -1;
        int day = text.charAt(7) == '-' ? digits(text, 8, 10) : -1;
        if (year < 1 || month < 0 || day < 0) {
            return null;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nano = 0;
        if (end > 10) {
            hour = digits(text, 11, 13);
            minute = text.charAt(13) == ':' ? digits(text, 14, 16) : -1;
            second = text.charAt(16) == ':' ? digits(text, 17, 19) : -1;
            if (hour < 0 || minute < 0 || second < 0) {
                return null;
            }
            if (end > 19) {
                int fractionDigits = end - 20;
                if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                    return null;
                }
                nano = digits(text, 20, end);
                if (nano < 0) {
                    return null;
                }
                for (int i = fractionDigits; i < 9; i++) {
                    nano *= 10;
                }
            }
        }
        try {
            return LocalDateTime.of(bc ? 1 - year : year, month, day, hour, minute, second, nano);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code text[from, to)}, or -1 unless all of it is ASCII digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The general path: {@link #LOCAL_DATE_TIME} (years of more than four digits, anything unusual). */
    static LocalDateTime formatted(String text) {
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
        LocalDateTime local = isoDateTime(value, sign, bc);
        if (local == null) {
            local = formatted(value.substring(0, sign) + (bc ? " BC" : ""));
        }
        return OffsetDateTime.of(local, offset);
    }
}
