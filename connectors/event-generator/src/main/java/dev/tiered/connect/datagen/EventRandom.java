package dev.tiered.connect.datagen;

/**
 * SplitMix64, written out rather than taken from {@link java.util.SplittableRandom} so that the events of a seed
 * stay the same across JDK versions (the JDK only specifies its generators' statistical quality, not their output
 * for a given bound), and so one instance can be re-positioned per event without allocating.
 *
 * <p>Not thread-safe.
 */
final class EventRandom {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    EventRandom() {
    }

    EventRandom(long key) {
        reset(key);
    }

    /** Positions this generator at the start of the stream of {@code key}. */
    EventRandom reset(long key) {
        // Hashing the key (rather than using it as the state) keeps the streams of neighbouring keys, such as
        // consecutive sequence numbers, from being shifted copies of each other.
        state = mix64(key);
        return this;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound), for 0 < bound; the bias of at most bound / 2^32 is of no concern here. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [min, max]. */
    int nextInt(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }

    /** 16 lowercase hex digits: an id with the cardinality of real request, order or session ids. */
    String nextHex16() {
        return hex16(nextLong());
    }

    static String hex16(long value) {
        char[] chars = new char[16];
        for (int i = 15; i >= 0; i--) {
            chars[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(chars);
    }

    /** The SplitMix64 finaliser (Stafford's variant 13): a bijective, well-mixing hash of 64 bits. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A key for the pair (a, b) whose hash differs from that of any other pair, for all practical purposes. */
    static long combine(long a, long b) {
        return mix64(a) + GOLDEN_GAMMA * (b + 1);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
