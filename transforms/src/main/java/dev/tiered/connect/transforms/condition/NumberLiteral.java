package dev.tiered.connect.transforms.condition;

import java.math.BigDecimal;

import dev.tiered.connect.transforms.record.Values;

/** A number written in a condition, kept in the forms the comparisons need so nothing is converted per record. */
final class NumberLiteral {

    private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;

    private final BigDecimal decimal;
    private final boolean integral;
    private final long longValue;
    private final double doubleValue;
    private final String text;

    NumberLiteral(BigDecimal decimal, String text) {
        this.decimal = decimal;
        this.text = text;
        boolean fitsLong;
        long asLong = 0;
        try {
            asLong = decimal.longValueExact();
            fitsLong = true;
        } catch (ArithmeticException e) {
            fitsLong = false;
        }
        this.integral = fitsLong;
        this.longValue = asLong;
        this.doubleValue = decimal.doubleValue();
    }

    /**
     * Compares a number from a record (a {@link Number} or {@link java.util.Date}) with this literal.
     *
     * @return negative, zero or positive as the value is below, equal to or above the literal; or
     *     {@link Values#UNORDERED} for NaN
     */
    int compareValue(Object number) {
        if (Values.isIntegral(number)) {
            long value = Values.integralValue(number);
            if (integral) {
                return Long.compare(value, longValue);
            }
            if (value <= MAX_EXACT_DOUBLE_INTEGER && value >= -MAX_EXACT_DOUBLE_INTEGER) {
                return Values.compareDoubles(value, doubleValue);
            }
            return BigDecimal.valueOf(value).compareTo(decimal);
        }
        if (number instanceof Double || number instanceof Float) {
            return Values.compareDoubles(Values.toDouble(number), doubleValue);
        }
        BigDecimal exact = Values.toBigDecimal(number);
        return exact == null ? Values.compareDoubles(Values.toDouble(number), doubleValue) : exact.compareTo(decimal);
    }

    @Override
    public String toString() {
        return text;
    }
}
