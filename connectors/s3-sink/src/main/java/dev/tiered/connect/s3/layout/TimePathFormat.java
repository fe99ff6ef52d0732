package dev.tiered.connect.s3.layout;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Confluent's {@code path.format}: a Joda-Time pattern with quoted literals, e.g.
 * {@code 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH}, compiled once into a {@link DateTimeFormatter}.
 *
 * <p>Joda and java.time disagree on three letters, which are translated outside quotes: Joda {@code Y} (year of era)
 * becomes {@code y}, Joda {@code y} (proleptic year) becomes {@code u}, Joda {@code x} (week year) becomes {@code Y}.
 * Joda's {@code C} (century) has no java.time equivalent and is rejected. All other letters mean the same in both.
 *
 * <p>Timestamps are first floored to {@code partition.duration.ms} in local time of {@code timezone} (as Confluent's
 * TimeBasedPartitioner does), then formatted; {@code 0} skips flooring (the pattern's finest field buckets anyway).
 */
public final class TimePathFormat {

    private final String pattern;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;
    private final long durationMs;

    public TimePathFormat(String jodaPattern, long durationMs, Locale locale, ZoneId zone) {
        if (jodaPattern == null || jodaPattern.isBlank()) {
            throw new IllegalArgumentException("path.format is empty");
        }
        if (durationMs < 0) {
            throw new IllegalArgumentException("partition.duration.ms must not be negative");
        }
        this.pattern = stripSlashes(jodaPattern.trim());
        this.formatter = DateTimeFormatter.ofPattern(toJavaTime(pattern), locale).withZone(zone);
        this.zone = zone;
        this.durationMs = durationMs;
        checkSegments(format(0L));
        checkSegments(format(1_795_000_000_000L));
    }

    /** The Joda pattern translated to java.time's pattern language. */
    static String toJavaTime(String joda) {
        StringBuilder out = new StringBuilder(joda.length());
        boolean quoted = false;
        for (int i = 0; i < joda.length(); i++) {
            char c = joda.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                out.append(c);
            } else if (quoted) {
                out.append(c);
            } else if (c == 'Y') {
                out.append('y');
            } else if (c == 'y') {
                out.append('u');
            } else if (c == 'x') {
                out.append('Y');
            } else if (c == 'C') {
                throw new IllegalArgumentException("the century letter 'C' is not supported in path.format");
            } else {
                out.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in path.format");
        }
        return out.toString();
    }

    /** The formatted directory for {@code timestamp}, as segments. */
    public List<String> segments(long timestamp) {
        return List.of(format(timestamp).split("/"));
    }

    String format(long timestamp) {
        return formatter.format(Instant.ofEpochMilli(bucket(timestamp)));
    }

    /** {@code timestamp} floored to the duration in the zone's local time, like Confluent's getPartition. */
    long bucket(long timestamp) {
        if (durationMs <= 0) {
            return timestamp;
        }
        long offsetMs = zone.getRules().getOffset(Instant.ofEpochMilli(timestamp)).getTotalSeconds() * 1000L;
        long local = timestamp + offsetMs;
        long floored = Math.floorDiv(local, durationMs) * durationMs;
        long utc = floored - offsetMs;
        // Across an offset change the floored local time may have another offset: re-derive with it.
        long offsetAtResult = zone.getRules().getOffset(Instant.ofEpochMilli(utc)).getTotalSeconds() * 1000L;
        return offsetAtResult == offsetMs ? utc : floored - offsetAtResult;
    }

    public String pattern() {
        return pattern;
    }

    private static String stripSlashes(String pattern) {
        String p = pattern;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Rejects patterns whose output could escape the topic prefix or make odd keys (checked on sample times). */
    private static void checkSegments(String formatted) {
        List<String> bad = new ArrayList<>();
        for (String segment : formatted.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || !HivePathEscaper.escapeUncapped(segment.replace("=", "")).equals(segment.replace("=", ""))) {
                bad.add("'" + segment + "'");
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("path.format produces unsafe path segments " + bad
                    + "; use literals and fields separated by single '/'");
        }
    }
}
