package dev.tiered.connect.s3.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns an arbitrary field value into one safe {@code name=value} path component, following Hive's
 * {@code FileUtils.escapePathName} so that Athena, Trino, Spark and DuckDB decode the partition value back:
 * the characters of {@code "#%'*:=?\{[]^}, {@code /}, {@code U+0000..U+001F} and {@code U+007F..U+009F} become
 * {@code %XX} (the char code, as Hive does; {@code %} itself is escaped, so decoding is unambiguous). Other unicode is
 * kept as UTF-8, which S3 and the engines accept. Null and empty become
 * {@value #DEFAULT_PARTITION}. A value that is exactly {@code .} or {@code ..} is fully escaped, so no tool that
 * normalises paths can mistake it for a directory step. Lone UTF-16 surrogates (not encodable in UTF-8, so not in an
 * S3 key) become U+FFFD. Values longer than {@link #MAX_VALUE_BYTES} UTF-8 bytes once escaped are cut and suffixed
 * with {@code ~} and a hash of the whole escaped value, so distinct long values stay (almost surely) distinct.
 */
public final class HivePathEscaper {

    /** Hive's name for the partition of null and empty values. */
    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";
    /** Longest escaped value kept whole, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 512;
    /** Bytes of the {@code ~<16 hex>} suffix of a shortened value. */
    static final int HASH_SUFFIX_BYTES = 17;

    private static final boolean[] ESCAPE = new boolean[0xA0];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (char c = 0; c < ' '; c++) {
            ESCAPE[c] = true;
        }
        for (char c = 0x7F; c < 0xA0; c++) {
            ESCAPE[c] = true;
        }
        for (char c : "\"#%'*/:=?\\{[]^".toCharArray()) {
            ESCAPE[c] = true;
        }
    }

    private HivePathEscaper() {
    }

    /** The escaped, length-capped form of {@code value} (null-safe). */
    public static String escape(String value) {
        return capBytes(escapeUncapped(value), MAX_VALUE_BYTES);
    }

    /** The escaped form without the length cap. */
    public static String escapeUncapped(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_PARTITION;
        }
        if (value.equals(".")) {
            return "%2E";
        }
        if (value.equals("..")) {
            return "%2E%2E";
        }
        StringBuilder out = null;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1));
            boolean escape = c < ESCAPE.length && ESCAPE[c];
            boolean lone = !pair && Character.isSurrogate(c);
            if (out == null && (escape || lone)) {
                out = new StringBuilder(length + 16).append(value, 0, i);
            }
            if (out == null) {
                i += pair ? 1 : 0;
            } else if (escape) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else if (lone) {
                out.append('\uFFFD');
            } else if (pair) {
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    /** Reverses {@link #escape} for values that were not shortened (Hive's {@code unescapePathName}). */
    public static String unescape(String escaped) {
        if (escaped.equals(DEFAULT_PARTITION)) {
            return null;
        }
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '%' && i + 2 < escaped.length() && isHex(escaped.charAt(i + 1)) && isHex(escaped.charAt(i + 2))) {
                out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code escaped} if it fits in {@code maxBytes} UTF-8 bytes, else its longest prefix that leaves room for the
     * hash suffix without splitting a {@code %XX} escape or a code point, plus {@code ~} and 16 hex digits of the
     * SHA-256 of the whole escaped value.
     */
    static String capBytes(String escaped, int maxBytes) {
        if (utf8Length(escaped) <= maxBytes) {
            return escaped;
        }
        int budget = Math.max(0, maxBytes - HASH_SUFFIX_BYTES);
        int bytes = 0;
        int end = 0;
        while (end < escaped.length()) {
            int codePoint = escaped.codePointAt(end);
            int width = codePoint == '%' ? 3 : utf8Width(codePoint);
            int chars = codePoint == '%' ? 3 : Character.charCount(codePoint);
            if (bytes + width > budget || end + chars > escaped.length()) {
                break;
            }
            bytes += width;
            end += chars;
        }
        return escaped.substring(0, end) + "~" + hash16(escaped);
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static int utf8Width(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    private static String hash16(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }
}
