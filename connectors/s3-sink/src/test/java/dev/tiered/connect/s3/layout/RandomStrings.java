package dev.tiered.connect.s3.layout;

import java.util.Random;

/** Random strings biased toward characters that break paths. */
final class RandomStrings {

    private static final String[] HOSTILE = {"/", "\\", ".", "..", "=", "%", "%2F", "+", "#", "?", "*", ":", "'",
        "\"", "{", "[", "]", "^", " ", "\u0000", "\n", "\t", "\u007f", "\u0085", "é", "東", "🚀", "__HIVE_DEFAULT_PARTITION__",
        "~", "&", "$", "@"};

    private RandomStrings() {
    }

    /** A string of up to {@code maxParts} pieces, each a hostile token or a valid random code point. */
    static String next(Random random, int maxParts) {
        int parts = random.nextInt(maxParts + 1);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            if (random.nextBoolean()) {
                sb.append(HOSTILE[random.nextInt(HOSTILE.length)]);
            } else {
                int codePoint;
                do {
                    codePoint = random.nextInt(4) == 0 ? random.nextInt(0x10FFFF) : random.nextInt(0x300);
                } while (Character.isSurrogate((char) codePoint) && codePoint < 0x10000
                        || !Character.isValidCodePoint(codePoint));
                sb.appendCodePoint(codePoint);
            }
        }
        return sb.toString();
    }
}
