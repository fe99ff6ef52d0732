package dev.tiered.connect.cdc.postgres.pgoutput;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes pgoutput protocol version 1 messages, as pgjdbc's {@code PGReplicationStream.readPending()} returns them, into
 * {@link PgOutputMessage}s. Stateless and thread-safe: it does not resolve relation ids (the caller keeps the
 * {@link PgOutputMessage.Relation}s it has seen). Integers are big-endian; strings are null-terminated UTF-8.
 */
public final class PgOutputDecoder {

    /** Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01T00:00:00Z. */
    static final long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;

    /**
     * Decodes the message starting at {@code message}'s position, without moving that position.
     *
     * @throws IllegalArgumentException for an unknown message type, a protocol version 2+ streaming message, or a
     *     message that is truncated
     */
    public PgOutputMessage decode(ByteBuffer message) {
        ByteBuffer buffer = message.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (!buffer.hasRemaining()) {
            throw new IllegalArgumentException("empty pgoutput message");
        }
        char type = (char) buffer.get();
        try {
            return switch (type) {
                case 'B' -> new PgOutputMessage.Begin(buffer.getLong(), pgTimestamp(buffer.getLong()),
                        Integer.toUnsignedLong(buffer.getInt()));
                case 'C' -> new PgOutputMessage.Commit(buffer.get(), buffer.getLong(), buffer.getLong(),
                        pgTimestamp(buffer.getLong()));
                case 'O' -> new PgOutputMessage.Origin(buffer.getLong(), string(buffer));
                case 'R' -> relation(buffer);
                case 'Y' -> new PgOutputMessage.Type(buffer.getInt(), string(buffer), string(buffer));
                case 'I' -> insert(buffer);
                case 'U' -> update(buffer);
                case 'D' -> delete(buffer);
                case 'T' -> truncate(buffer);
                case 'M' -> logicalMessage(buffer);
                case 'S', 'E', 'c', 'A', 'P', 'K', 'r', 'b' -> throw new IllegalArgumentException("pgoutput message type '"
                        + type + "' belongs to a protocol version above 1 (streaming or two-phase); start the slot with"
                        + " proto_version 1");
                default -> throw new IllegalArgumentException("unknown pgoutput message type '" + type + "' (0x"
                        + Integer.toHexString(type) + ")");
            };
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated pgoutput message of type '" + type + "' ("
                    + message.remaining() + " bytes)", e);
        }
    }

    /** The instant of a PostgreSQL timestamp: microseconds since 2000-01-01T00:00:00Z. */
    static Instant pgTimestamp(long pgMicros) {
        long unixMicros = pgMicros + PG_EPOCH_OFFSET_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(unixMicros, 1_000_000L), Math.floorMod(unixMicros, 1_000_000L) * 1_000L);
    }

    private static PgOutputMessage.Relation relation(ByteBuffer buffer) {
        int relationId = buffer.getInt();
        String namespace = string(buffer);
        String name = string(buffer);
        char replicaIdentity = (char) buffer.get();
        int count = Short.toUnsignedInt(buffer.getShort());
        List<PgOutputMessage.RelationColumn> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (buffer.get() & 1) != 0;
            columns.add(new PgOutputMessage.RelationColumn(key, string(buffer), buffer.getInt(), buffer.getInt()));
        }
        return new PgOutputMessage.Relation(relationId, namespace, name, replicaIdentity, columns);
    }

    private static PgOutputMessage.Insert insert(ByteBuffer buffer) {
        int relationId = buffer.getInt();
        expect(buffer, 'N', "Insert");
        return new PgOutputMessage.Insert(relationId, tuple(buffer));
    }

    private static PgOutputMessage.Update update(ByteBuffer buffer) {
        int relationId = buffer.getInt();
        char kind = (char) buffer.get();
        List<TupleValue> oldTuple = null;
        char oldKind = 0;
        if (kind == 'K' || kind == 'O') {
            oldKind = kind;
            oldTuple = tuple(buffer);
            kind = (char) buffer.get();
        }
        if (kind != 'N') {
            throw new IllegalArgumentException("pgoutput Update: expected tuple kind 'N', got '" + kind + "'");
        }
        return new PgOutputMessage.Update(relationId, oldKind, oldTuple, tuple(buffer));
    }

    private static PgOutputMessage.Delete delete(ByteBuffer buffer) {
        int relationId = buffer.getInt();
        char kind = (char) buffer.get();
        if (kind != 'K' && kind != 'O') {
            throw new IllegalArgumentException("pgoutput Delete: expected tuple kind 'K' or 'O', got '" + kind + "'");
        }
        return new PgOutputMessage.Delete(relationId, kind, tuple(buffer));
    }

    private static PgOutputMessage.Truncate truncate(ByteBuffer buffer) {
        int count = buffer.getInt();
        int options = buffer.get();
        List<Integer> relationIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            relationIds.add(buffer.getInt());
        }
        return new PgOutputMessage.Truncate(options, relationIds);
    }

    private static PgOutputMessage.LogicalMessage logicalMessage(ByteBuffer buffer) {
        boolean transactional = (buffer.get() & 1) != 0;
        long lsn = buffer.getLong();
        String prefix = string(buffer);
        byte[] content = new byte[buffer.getInt()];
        buffer.get(content);
        return new PgOutputMessage.LogicalMessage(transactional, lsn, prefix, content);
    }

    private static List<TupleValue> tuple(ByteBuffer buffer) {
        int count = Short.toUnsignedInt(buffer.getShort());
        List<TupleValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            char kind = (char) buffer.get();
            values.add(switch (kind) {
                case 'n' -> TupleValue.nullValue();
                case 'u' -> TupleValue.unchangedToast();
                case 't' -> TupleValue.text(bytes(buffer));
                case 'b' -> TupleValue.binary(bytes(buffer));
                default -> throw new IllegalArgumentException("pgoutput tuple column " + i + ": unknown kind '" + kind
                        + "'");
            });
        }
        return values;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    private static void expect(ByteBuffer buffer, char expected, String message) {
        char kind = (char) buffer.get();
        if (kind != expected) {
            throw new IllegalArgumentException("pgoutput " + message + ": expected tuple kind '" + expected + "', got '"
                    + kind + "'");
        }
    }

    private static String string(ByteBuffer buffer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        byte b;
        while ((b = buffer.get()) != 0) {
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
