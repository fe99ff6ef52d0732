package dev.tiered.connect.cdc.postgres.pgoutput;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One column of a row in a pgoutput tuple: SQL null, an unchanged TOASTed value the server did not send, or a value in
 * the type's text (or, with the binary option, binary) output format.
 */
public final class TupleValue {

    /** The kind byte of a tuple column. */
    public enum Kind {
        /** 'n': SQL null. */
        NULL,
        /** 'u': an unchanged TOASTed value; the server did not send it. */
        UNCHANGED_TOAST,
        /** 't': the value in text format. */
        TEXT,
        /** 'b': the value in binary format. */
        BINARY
    }

    private static final TupleValue NULL = new TupleValue(Kind.NULL, null);
    private static final TupleValue UNCHANGED_TOAST = new TupleValue(Kind.UNCHANGED_TOAST, null);

    private final Kind kind;
    private final byte[] bytes;

    private TupleValue(Kind kind, byte[] bytes) {
        this.kind = kind;
        this.bytes = bytes;
    }

    public static TupleValue nullValue() {
        return NULL;
    }

    public static TupleValue unchangedToast() {
        return UNCHANGED_TOAST;
    }

    public static TupleValue text(String text) {
        return new TupleValue(Kind.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static TupleValue text(byte[] utf8) {
        return new TupleValue(Kind.TEXT, utf8);
    }

    public static TupleValue binary(byte[] bytes) {
        return new TupleValue(Kind.BINARY, bytes);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    public boolean isUnchangedToast() {
        return kind == Kind.UNCHANGED_TOAST;
    }

    /** The text-format value (UTF-8, the replication connection's client encoding); null unless {@link Kind#TEXT}. */
    public String text() {
        return kind == Kind.TEXT ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

    /** The raw bytes as sent; null for {@link Kind#NULL} and {@link Kind#UNCHANGED_TOAST}. */
    public byte[] bytes() {
        return bytes == null ? null : bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TupleValue other && kind == other.kind && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NULL -> "null";
            case UNCHANGED_TOAST -> "unchanged-toast";
            case TEXT -> "'" + text() + "'";
            case BINARY -> "binary[" + bytes.length + "]";
        };
    }
}
