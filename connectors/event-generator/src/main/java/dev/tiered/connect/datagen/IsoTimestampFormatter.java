package dev.tiered.connect.datagen;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats epoch milliseconds as ISO-8601 UTC with exactly three fraction digits ({@code 2026-11-23T08:15:30.123Z}),
 * which {@link java.time.format.DateTimeFormatter#ISO_INSTANT} does not do (it drops a zero fraction). Events come
 * in time order, so the text up to the seconds is cached and only the milliseconds are appended per event.
 *
 * <p>Not thread-safe.
 */
final class IsoTimestampFormatter {

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix = "";

    String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        if (second != cachedSecond) {
            cachedPrefix = prefix(second);
            cachedSecond = second;
        }
        char[] fraction = {'.', (char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10),
            (char) ('0' + millis % 10), 'Z'};
        return cachedPrefix.concat(new String(fraction));
    }

    private static String prefix(long epochSecond) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("Event times must be in years 0000 to 9999: " + time);
        }
        StringBuilder text = new StringBuilder(19);
        pad(text, year, 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        return text.toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int digits) {
        String number = Integer.toString(value);
        for (int i = number.length(); i < digits; i++) {
            text.append('0');
        }
        return text.append(number);
    }
}
