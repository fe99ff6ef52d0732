package dev.tiered.connect.testkit;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique names, so that every test has its own topics, connectors, buckets and databases on the shared services
 * and never sees what another test (or an earlier run against a kept data directory) left behind.
 *
 * <pre>{@code
 * String topic = TestNames.unique("orders");        // e.g. "orders-3-k7q2x9"
 * String connector = TestNames.unique("s3-sink");
 * }</pre>
 */
public final class TestNames {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private TestNames() {
    }

    /**
     * Returns {@code <prefix>-<n>-<random>}: a per-JVM counter plus six random lowercase letters or digits. Characters
     * outside {@code [A-Za-z0-9._-]} in the prefix become {@code -}, so the result is always a valid Kafka topic and
     * Connect connector name. Bucket and database names have stricter rules: use
     * {@link S3TestServer#createBucket(String)} and {@link PostgresTestServer#createDatabase(String)}.
     */
    public static String unique(String prefix) {
        String cleaned = prefix == null || prefix.isBlank() ? "test" : prefix.replaceAll("[^A-Za-z0-9._-]", "-");
        if (cleaned.length() > 180) {
            cleaned = cleaned.substring(0, 180);
        }
        return cleaned + "-" + COUNTER.incrementAndGet() + "-" + randomSuffix(6);
    }

    /** Same as {@link #unique(String)}. */
    public static String uniqueName(String prefix) {
        return unique(prefix);
    }

    /** Random lowercase letters and digits. */
    static String randomSuffix(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    /**
     * Lowercase, only {@code allowed} characters (others become {@code replacement}), starting and ending with a letter
     * or digit, at most {@code maxLength} long including a unique suffix.
     */
    static String uniqueRestricted(String prefix, String allowedPattern, char replacement, int maxLength) {
        String base = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll(allowedPattern, String.valueOf(replacement));
        base = trimNonAlphanumeric(base);
        String suffix = COUNTER.incrementAndGet() + String.valueOf(replacement) + randomSuffix(6);
        int room = maxLength - suffix.length() - 1;
        if (base.length() > room) {
            base = trimNonAlphanumeric(base.substring(0, room));
        }
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "t" + (base.isEmpty() ? "" : replacement + base);
            if (base.length() > room) {
                base = trimNonAlphanumeric(base.substring(0, room));
            }
        }
        return base + replacement + suffix;
    }

    private static String trimNonAlphanumeric(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && !Character.isLetterOrDigit(value.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }
}
