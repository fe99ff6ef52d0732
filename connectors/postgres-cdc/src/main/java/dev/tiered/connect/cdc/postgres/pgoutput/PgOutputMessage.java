package dev.tiered.connect.cdc.postgres.pgoutput;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One decoded message of PostgreSQL's logical replication protocol (pgoutput, protocol version 1). See
 * https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html. LSNs are unsigned 64-bit values
 * held in a {@code long}; transaction ids are unsigned 32-bit values held in a {@code long}.
 */
public sealed interface PgOutputMessage {

    /** 'B': a transaction begins; {@code finalLsn} is the LSN of its commit record. */
    record Begin(long finalLsn, Instant commitTime, long xid) implements PgOutputMessage { }

    /** 'C': a transaction commits; {@code endLsn} is the LSN just past its commit record. */
    record Commit(int flags, long commitLsn, long endLsn, Instant commitTime) implements PgOutputMessage { }

    /** 'O': the changes of the current transaction came from another node through replication origin {@code name}. */
    record Origin(long originLsn, String name) implements PgOutputMessage { }

    /**
     * 'R': the description of a table, sent before its first change in a session and again after each change of its
     * definition. {@code namespace} is empty for {@code pg_catalog}. {@code replicaIdentity} is one of
     * {@code d} (default: primary key), {@code n} (nothing), {@code f} (full) and {@code i} (index).
     */
    record Relation(int relationId, String namespace, String name, char replicaIdentity, List<RelationColumn> columns)
            implements PgOutputMessage {
        public Relation {
            columns = List.copyOf(columns);
        }
    }

    /**
     * One column of a {@link Relation}. {@code key} means the column is part of the replica identity (for replica
     * identity FULL every column is), which is not necessarily the primary key.
     */
    record RelationColumn(boolean key, String name, int typeOid, int typeModifier) { }

    /** 'Y': a non-built-in data type used by a following Relation. */
    record Type(int typeOid, String namespace, String name) implements PgOutputMessage { }

    /** 'I': a new row. */
    record Insert(int relationId, List<TupleValue> newTuple) implements PgOutputMessage {
        public Insert {
            newTuple = List.copyOf(newTuple);
        }
    }

    /**
     * 'U': a changed row. {@code oldTupleKind} is {@code K} when {@code oldTuple} holds only the replica identity's key
     * columns (the key changed; other columns are {@code null} values), {@code O} when it holds the whole old row
     * (replica identity FULL), and {@code 0} when there is no old tuple (then {@code oldTuple} is null).
     */
    record Update(int relationId, char oldTupleKind, List<TupleValue> oldTuple, List<TupleValue> newTuple)
            implements PgOutputMessage {
        public Update {
            oldTuple = oldTuple == null ? null : List.copyOf(oldTuple);
            newTuple = List.copyOf(newTuple);
        }
    }

    /** 'D': a deleted row; {@code oldTupleKind} is {@code K} (key columns only) or {@code O} (the whole row). */
    record Delete(int relationId, char oldTupleKind, List<TupleValue> oldTuple) implements PgOutputMessage {
        public Delete {
            oldTuple = List.copyOf(oldTuple);
        }
    }

    /** 'T': one or more tables truncated; option bit 1 is CASCADE, bit 2 RESTART IDENTITY. */
    record Truncate(int options, List<Integer> relationIds) implements PgOutputMessage {
        public static final int CASCADE = 1;
        public static final int RESTART_IDENTITY = 2;

        public Truncate {
            relationIds = List.copyOf(relationIds);
        }
    }

    /** 'M': a logical decoding message written by {@code pg_logical_emit_message} (only with the messages option). */
    record LogicalMessage(boolean transactional, long lsn, String prefix, byte[] content) implements PgOutputMessage {
        public String contentAsText() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }
}
