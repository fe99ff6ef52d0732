package dev.tiered.connect.s3.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * The Hive-style directory part of an object key: escaped {@code name=value} segments, in order, e.g.
 * {@code processing_date=2026-11-23/event_type=page_view}. Every segment is built by {@link #segment}, so no segment
 * contains {@code /}, is {@code .} or {@code ..}, or is empty.
 */
public final class PartitionPath {

    public static final PartitionPath EMPTY = new PartitionPath(List.of());

    private final List<String> segments;

    private PartitionPath(List<String> segments) {
        this.segments = List.copyOf(segments);
    }

    /** One segment {@code name=value}, both escaped (the name comes from config, the value from data). */
    public static String segment(String name, String rawValue) {
        return HivePathEscaper.escape(name) + "=" + HivePathEscaper.escape(rawValue);
    }

    /** Segments that are already safe (built by {@link #segment} or validated at configure time). */
    static PartitionPath ofSafeSegments(List<String> segments) {
        return new PartitionPath(segments);
    }

    public PartitionPath concat(PartitionPath other) {
        List<String> all = new ArrayList<>(segments);
        all.addAll(other.segments);
        return new PartitionPath(all);
    }

    public List<String> segments() {
        return segments;
    }

    /** Length of {@link #toString()} in UTF-8 bytes. */
    public int utf8Length() {
        return HivePathEscaper.utf8Length(toString());
    }

    /**
     * This path shortened to at most {@code maxBytes} UTF-8 bytes by hashing the longest values first (each keeps a
     * readable prefix and a hash suffix), or an exception if even that cannot fit.
     */
    PartitionPath fitTo(int maxBytes) {
        List<String> fitted = new ArrayList<>(segments);
        while (HivePathEscaper.utf8Length(String.join("/", fitted)) > maxBytes) {
            int longest = -1;
            int longestValueBytes = 2 * HivePathEscaper.HASH_SUFFIX_BYTES;
            for (int i = 0; i < fitted.size(); i++) {
                String segment = fitted.get(i);
                int valueBytes = HivePathEscaper.utf8Length(segment.substring(segment.indexOf('=') + 1));
                if (valueBytes > longestValueBytes) {
                    longest = i;
                    longestValueBytes = valueBytes;
                }
            }
            if (longest < 0) {
                throw new IllegalArgumentException("partition path cannot be shortened to " + maxBytes + " bytes");
            }
            String segment = fitted.get(longest);
            int eq = segment.indexOf('=');
            String value = segment.substring(eq + 1);
            int excess = HivePathEscaper.utf8Length(String.join("/", fitted)) - maxBytes;
            int target = Math.max(2 * HivePathEscaper.HASH_SUFFIX_BYTES, Math.max(longestValueBytes - excess,
                    longestValueBytes / 2));
            fitted.set(longest, segment.substring(0, eq + 1) + HivePathEscaper.capBytes(value, target));
        }
        return new PartitionPath(fitted);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionPath other && segments.equals(other.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    /** The segments joined by {@code /}, without leading or trailing slash. */
    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
