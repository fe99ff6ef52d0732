package dev.tiered.connect.faults.pipeline;

import dev.tiered.connect.testkit.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits small transactions of inserts, updates and deletes to the {@code orders} and {@code payments} tables while
 * the pipeline runs, and knows every change it committed: each change of a row carries the row's next
 * {@code version} (never reused, also not after a delete and re-insert), so a change is named by table, primary key
 * and version. A transaction whose outcome is unknown (PostgreSQL restarted under it) is resolved by reading the rows
 * back once the server is up again: the writer is the only one writing, so the rows are either in the state before
 * or after it.
 */
public final class CdcWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdcWriter.class);
    public static final List<String> TABLES = List.of("orders", "payments");
    private static final int KEYS_PER_TABLE = 400;
    private static final int OPS_PER_TRANSACTION = 4;

    /**
     * One committed change, named {@code table/pk/version/op}: op r (snapshot), c, u or d; the version is the row's
     * new version, or for a delete the version of the row deleted.
     */
    public record Change(String table, int pk, int version, String op) {
        public String id() {
            return table + "/" + pk + "/" + version + "/" + op;
        }
    }

    private record Op(String table, int pk, String op, int version, Integer versionBefore) {
    }

    private final PostgresTestServer pg;
    private final String db;
    private final long pauseMillis;
    private final Random random = new Random(8);
    /** Per table and key: the live version, or absent if the row does not exist. */
    private final Map<String, Map<Integer, Integer>> live = new HashMap<>();
    /** Per table and key: the last version ever used. */
    private final Map<String, Map<Integer, Integer>> lastVersion = new HashMap<>();
    private final Map<String, Change> committed = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong interrupted = new AtomicLong();
    private final AtomicLong interruptedButCommitted = new AtomicLong();
    private Thread thread;
    private volatile Throwable failure;

    public CdcWriter(PostgresTestServer pg, String db, long pauseMillis) {
        this.pg = pg;
        this.db = db;
        this.pauseMillis = pauseMillis;
        for (String table : TABLES) {
            live.put(table, new HashMap<>());
            lastVersion.put(table, new HashMap<>());
        }
    }

    /** Creates the tables (full replica identity: deletes carry the row's version) and the rows to snapshot. */
    public void createTablesWithRows(int rowsPerTable) {
        List<String> sql = new ArrayList<>();
        for (String table : TABLES) {
            sql.add("CREATE TABLE " + table + " (id int PRIMARY KEY, version int NOT NULL, status text NOT NULL,"
                    + " amount_cents int NOT NULL)");
            sql.add("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
            sql.add("INSERT INTO " + table + " (id, version, status, amount_cents) SELECT g, 1, 'new', g * 10"
                    + " FROM generate_series(1, " + rowsPerTable + ") g");
        }
        pg.execute(db, sql.toArray(String[]::new));
        synchronized (this) {
            for (String table : TABLES) {
                for (int pk = 1; pk <= rowsPerTable; pk++) {
                    live.get(table).put(pk, 1);
                    lastVersion.get(table).put(pk, 1);
                    Change change = new Change(table, pk, 1, "r");
                    committed.put(change.id(), change);
                }
            }
        }
    }

    /** Starts writing in a thread of its own. */
    public void start() {
        running.set(true);
        thread = new Thread(this::run, "cdc-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops writing and waits for the thread; fails if the writer failed. */
    public void stop() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(60_000);
        }
        if (failure != null) {
            throw new AssertionError("The CDC writer failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(60_000);
        }
    }

    /** Every change committed so far, by {@link Change#id()}. */
    public synchronized Map<String, Change> committed() {
        return Map.copyOf(committed);
    }

    public long transactions() {
        return transactions.get();
    }

    /** Transactions cut off by an error (PostgreSQL restarting), and of those, the ones that had committed. */
    public long interrupted() {
        return interrupted.get();
    }

    public long interruptedButCommitted() {
        return interruptedButCommitted.get();
    }

    private void run() {
        Connection connection = null;
        List<Op> pending = null;
        List<Op> counted = null;
        try {
            while (running.get()) {
                try {
                    if (connection == null) {
                        connection = pg.connect(db);
                        connection.setAutoCommit(false);
                    }
                    if (pending != null) {
                        resolve(connection, pending);
                        pending = null;
                    }
                    List<Op> ops = nextTransaction();
                    pending = ops;
                    apply(connection, ops);
                    connection.commit();
                    pending = null;
                    committed(ops);
                    transactions.incrementAndGet();
                } catch (SQLException | RuntimeException e) {
                    if (pending != null && pending != counted) {
                        interrupted.incrementAndGet();
                        counted = pending;
                    }
                    LOG.info("CDC writer: {} ({} transaction(s) pending), reconnecting", e.toString(),
                            pending == null ? 0 : 1);
                    closeQuietly(connection);
                    connection = null;
                }
                Thread.sleep(pauseMillis); // pacing the load, not waiting for anything
            }
            if (pending != null) {
                try (Connection last = reconnect()) {
                    resolve(last, pending);
                }
            }
        } catch (Throwable e) {
            failure = e;
            LOG.error("CDC writer failed", e);
        } finally {
            closeQuietly(connection);
        }
    }

    private Connection reconnect() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try {
                return pg.connect(db);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private synchronized List<Op> nextTransaction() {
        List<Op> ops = new ArrayList<>();
        for (String table : TABLES) {
            java.util.Set<Integer> used = new java.util.HashSet<>();
            for (int i = 0; i < OPS_PER_TRANSACTION / TABLES.size(); i++) {
                int pk;
                do {
                    pk = 1 + random.nextInt(KEYS_PER_TABLE);
                } while (!used.add(pk));
                Integer current = live.get(table).get(pk);
                int next = lastVersion.get(table).getOrDefault(pk, 0) + 1;
                if (current == null) {
                    ops.add(new Op(table, pk, "c", next, null));
                } else if (random.nextInt(10) < 7) {
                    ops.add(new Op(table, pk, "u", next, current));
                } else {
                    ops.add(new Op(table, pk, "d", current, current));
                }
            }
        }
        return ops;
    }

    private void apply(Connection connection, List<Op> ops) throws SQLException {
        for (Op op : ops) {
            switch (op.op()) {
                case "c" -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + op.table()
                            + " (id, version, status, amount_cents) VALUES (?, ?, ?, ?)")) {
                        insert.setInt(1, op.pk());
                        insert.setInt(2, op.version());
                        insert.setString(3, status(op.table()));
                        insert.setInt(4, random.nextInt(70_000));
                        insert.executeUpdate();
                    }
                }
                case "u" -> {
                    try (PreparedStatement update = connection.prepareStatement("UPDATE " + op.table()
                            + " SET version = ?, status = ?, amount_cents = amount_cents + 1 WHERE id = ?")) {
                        update.setInt(1, op.version());
                        update.setString(2, status(op.table()));
                        update.setInt(3, op.pk());
                        requireOneRow(update.executeUpdate(), op);
                    }
                }
                default -> {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + op.table()
                            + " WHERE id = ?")) {
                        delete.setInt(1, op.pk());
                        requireOneRow(delete.executeUpdate(), op);
                    }
                }
            }
        }
    }

    /** Some statuses the router's rules send hot (failed payments, cancelled orders). */
    private String status(String table) {
        int dice = random.nextInt(10);
        if (table.equals("payments")) {
            return dice == 0 ? "failed" : "paid";
        }
        return dice == 0 ? "cancelled" : "open";
    }

    private static void requireOneRow(int rows, Op op) {
        if (rows != 1) {
            throw new IllegalStateException("The writer's view of the tables is wrong: " + op + " touched " + rows
                    + " rows");
        }
    }

    private synchronized void committed(List<Op> ops) {
        for (Op op : ops) {
            if (op.op().equals("d")) {
                live.get(op.table()).remove(op.pk());
            } else {
                live.get(op.table()).put(op.pk(), op.version());
                lastVersion.get(op.table()).put(op.pk(), op.version());
            }
            Change change = new Change(op.table(), op.pk(), op.version(), op.op());
            committed.put(change.id(), change);
        }
    }

    /** Decides whether the cut-off transaction {@code ops} committed, from the rows as they are now. */
    private void resolve(Connection connection, List<Op> ops) throws SQLException {
        connection.rollback();
        int after = 0;
        int before = 0;
        for (Op op : ops) {
            Integer version = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT version FROM " + op.table()
                    + " WHERE id = ?")) {
                select.setInt(1, op.pk());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        version = rows.getInt(1);
                    }
                }
            }
            Integer expectedAfter = op.op().equals("d") ? null : op.version();
            if (java.util.Objects.equals(version, expectedAfter)) {
                after++;
            } else if (java.util.Objects.equals(version, op.versionBefore())) {
                before++;
            }
        }
        connection.rollback();
        if (after == ops.size()) {
            interruptedButCommitted.incrementAndGet();
            committed(ops);
            transactions.incrementAndGet();
        } else if (before != ops.size()) {
            throw new IllegalStateException("A cut-off transaction is neither committed nor rolled back: " + ops);
        }
        LOG.info("CDC writer: the cut-off transaction {}", after == ops.size() ? "had committed" : "had not committed");
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // the server is gone or restarting
            }
        }
    }
}
