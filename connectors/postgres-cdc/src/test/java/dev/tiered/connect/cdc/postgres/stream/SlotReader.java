package dev.tiered.connect.cdc.postgres.stream;

import static org.awaitility.Awaitility.await;

import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputDecoder;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage;
import dev.tiered.connect.testkit.PostgresTestServer;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/** Reads a logical slot with pgoutput (protocol 1) over pgjdbc, giving each message with its XLogData start LSN. */
public final class SlotReader implements AutoCloseable {

    /** A decoded message and pgjdbc's {@code getLastReceiveLSN()} right after reading it. */
    public record Received(PgOutputMessage message, long walLsn) { }

    private final Connection connection;
    private final PGReplicationStream stream;
    private final PgOutputDecoder decoder = new PgOutputDecoder();

    public SlotReader(PostgresTestServer pg, String db, String slot, String publication) throws SQLException {
        connection = pg.connectForReplication(db);
        stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                .withSlotName(slot)
                .withSlotOption("proto_version", "1")
                .withSlotOption("publication_names", publication)
                .withStatusInterval(1, TimeUnit.SECONDS)
                .start();
    }

    /** Reads until {@code commits} more Commit messages arrived; returns everything read, in order. */
    public List<Received> readCommits(int commits) {
        return readUntil(received -> received.stream().filter(r -> r.message() instanceof PgOutputMessage.Commit)
                .count() >= commits);
    }

    /**
     * Reads until a message of {@code type} arrived and the last message read is a Commit (DDL-only transactions send
     * nothing); returns everything read, in order.
     */
    public List<Received> readThroughCommitOf(Class<? extends PgOutputMessage> type) {
        return readUntil(received -> received.stream().anyMatch(r -> type.isInstance(r.message()))
                && received.get(received.size() - 1).message() instanceof PgOutputMessage.Commit);
    }

    private List<Received> readUntil(Predicate<List<Received>> done) {
        List<Received> received = new ArrayList<>();
        await("messages from the slot").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    ByteBuffer message;
                    while ((message = stream.readPending()) != null) {
                        received.add(new Received(decoder.decode(message), stream.getLastReceiveLSN().asLong()));
                        stream.setFlushedLSN(stream.getLastReceiveLSN());
                    }
                    return done.test(received);
                });
        return received;
    }

    @Override
    public void close() throws SQLException {
        stream.close();
        connection.close();
    }
}
