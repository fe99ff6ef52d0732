package dev.tiered.connect.transforms.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;

/** What the evaluators need to know about the Java objects Connect records carry. */
public final class Values {

    /**
     * The result of resolving a path that does not exist in the record, as opposed to one that exists and holds
     * {@code null}. Compared by identity.
     */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;

    private Values() {
    }

    public static boolean isAbsent(Object value) {
        return value == null || value == MISSING;
    }

    /** Numbers, plus {@link Date} (Connect's Timestamp, Date and Time logical types), compared as epoch millis. */
    public static boolean isNumber(Object value) {
        return value instanceof Number || value instanceof Date;
    }

    /** Text carried as a String, or as UTF-8 bytes (MirrorMaker copies keys, values and headers as bytes). */
    public static String asText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer buffer) {
            return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        return null;
    }

    public static boolean isIntegral(Object number) {
        return number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof Date;
    }

    /** The long value of a number for which {@link #isIntegral} holds. */
    public static long integralValue(Object number) {
        return number instanceof Date date ? date.getTime() : ((Number) number).longValue();
    }

    /**
     * The double a number stands for. A Float goes through its decimal form, so {@code 0.9f} is 0.9 and not
     * 0.89999997615814, which would land just under a 0.9 threshold.
     */
    public static double toDouble(Object number) {
        if (number instanceof Double d) {
            return d;
        }
        if (number instanceof Float f) {
            return Double.parseDouble(Float.toString(f));
        }
        if (number instanceof Date date) {
            return date.getTime();
        }
        return ((Number) number).doubleValue();
    }

    /** An exact decimal for a number; null for NaN and infinities, which have none. */
    public static BigDecimal toBigDecimal(Object number) {
        if (number instanceof BigDecimal d) {
            return d;
        }
        if (number instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (isIntegral(number)) {
            return BigDecimal.valueOf(integralValue(number));
        }
        double d = toDouble(number);
        return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
    }

    /** Compares two numbers exactly; {@link #UNORDERED} when either is NaN. */
    public static int compareNumbers(Object left, Object right) {
        if (isIntegral(left) && isIntegral(right)) {
            return Long.compare(integralValue(left), integralValue(right));
        }
        if (isWide(left) || isWide(right) || isLargeIntegral(left) || isLargeIntegral(right)) {
            BigDecimal l = toBigDecimal(left);
            BigDecimal r = toBigDecimal(right);
            if (l == null || r == null) {
                return compareDoubles(toDouble(left), toDouble(right));
            }
            return l.compareTo(r);
        }
        return compareDoubles(toDouble(left), toDouble(right));
    }

    /** Returned by comparisons involving NaN: every operator but != is false for it. */
    public static final int UNORDERED = Integer.MIN_VALUE;

    /** IEEE comparison: -0.0 equals 0.0, and NaN is unordered. */
    public static int compareDoubles(double left, double right) {
        if (left < right) {
            return -1;
        }
        if (left > right) {
            return 1;
        }
        if (left == right) {
            return 0;
        }
        return UNORDERED;
    }

    private static boolean isWide(Object number) {
        return number instanceof BigDecimal || number instanceof BigInteger;
    }

    private static boolean isLargeIntegral(Object number) {
        if (!isIntegral(number)) {
            return false;
        }
        long value = integralValue(number);
        return value > MAX_EXACT_DOUBLE_INTEGER || value < -MAX_EXACT_DOUBLE_INTEGER;
    }

    /** A type name for messages: says what a value is without showing it. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value == MISSING) {
            return "missing";
        }
        if (value instanceof Struct) {
            return "Struct";
        }
        if (value instanceof Map) {
            return "Map";
        }
        if (value instanceof List) {
            return "List";
        }
        if (value instanceof byte[]) {
            return "byte[]";
        }
        if (value instanceof ByteBuffer) {
            return "ByteBuffer";
        }
        return value.getClass().getSimpleName();
    }
}
