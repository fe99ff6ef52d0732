package dev.tiered.connect.s3.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Decimal values as Parquet FIXED_LEN_BYTE_ARRAY: big-endian two's complement, sign-extended to the fixed width. */
final class DecimalBytes {

    private DecimalBytes() {}

    private static final int[] BYTE_LENGTHS = new int[77];

    static {
        for (int precision = 1; precision < BYTE_LENGTHS.length; precision++) {
            BYTE_LENGTHS[precision] = computeByteLength(precision);
        }
    }

    /** Fewest bytes whose two's complement range holds every unscaled value of {@code precision} digits. */
    static int byteLength(int precision) {
        return precision < BYTE_LENGTHS.length ? BYTE_LENGTHS[precision] : computeByteLength(precision);
    }

    private static int computeByteLength(int precision) {
        BigInteger max = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        return max.bitLength() / 8 + 1;
    }

    /**
     * The unscaled value of {@code value} at {@code scale}, checked against {@code precision}. Rescaling never rounds:
     * losing digits is a conversion error, not silent data change.
     */
    static BigInteger unscaled(BigDecimal value, int scale, int precision) {
        BigDecimal rescaled;
        try {
            rescaled = value.scale() == scale ? value : value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new RecordConversionException("", "Decimal of scale " + value.scale()
                    + " cannot be rescaled to " + scale + " without rounding");
        }
        if (rescaled.precision() > precision && rescaled.signum() != 0) {
            throw new RecordConversionException("", "Decimal needs " + rescaled.precision()
                    + " digits, more than the column precision " + precision);
        }
        return rescaled.unscaledValue();
    }

    static byte[] toFixed(BigInteger unscaled, int length) {
        byte[] minimal = unscaled.toByteArray();
        if (minimal.length == length) {
            return minimal;
        }
        byte[] fixed = new byte[length];
        byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
        int offset = length - minimal.length;
        for (int i = 0; i < offset; i++) {
            fixed[i] = pad;
        }
        System.arraycopy(minimal, 0, fixed, offset, minimal.length);
        return fixed;
    }
}
