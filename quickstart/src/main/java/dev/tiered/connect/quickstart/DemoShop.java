package dev.tiered.connect.quickstart;

import dev.tiered.connect.testkit.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo schema (users, orders, payments) and a background writer making live changes to it at a steady rate.
 * It counts exactly the change events the CDC source must emit: one per inserted, updated or deleted row, plus a
 * tombstone per delete ({@code tombstones.on.delete=true} in the example).
 */
final class DemoShop implements AutoCloseable {

    static final int SEED_USERS = 50;
    static final int SEED_ORDERS = 100;
    static final int SEED_PAYMENTS = 60;
    private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "BR", "IN", "JP"};
    private static final String[] METHODS = {"card", "card", "card", "paypal", "bank_transfer"};

    private final PostgresTestServer postgres;
    private final String database;
    private final double changesPerSecond;
    private final AtomicLong changeEvents = new AtomicLong();
    private final Random random = new Random(7);
    private final List<Integer> liveUsers = new ArrayList<>();
    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;
    private long orders = SEED_ORDERS;
    private int nextUser = SEED_USERS + 1;

    DemoShop(PostgresTestServer postgres, String database, double changesPerSecond) {
        this.postgres = postgres;
        this.database = database;
        this.changesPerSecond = changesPerSecond;
    }

    /** Creates the tables and their first rows (what the CDC source's snapshot reads); returns how many rows. */
    int createSchema() {
        postgres.execute(database,
                "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, country text NOT NULL,"
                        + " created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE orders (id bigint PRIMARY KEY, user_id int NOT NULL, amount_cents int NOT NULL,"
                        + " status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE payments (id bigserial PRIMARY KEY, order_id bigint NOT NULL, amount_cents int NOT NULL,"
                        + " method text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO users SELECT i, 'user' || i || '@example.com', (ARRAY['US','GB','DE','FR','BR'])[1 + i % 5]"
                        + " FROM generate_series(1, " + SEED_USERS + ") i",
                "INSERT INTO orders SELECT i, 1 + i % " + SEED_USERS + ", 500 + (i * 7919) % 30000, 'paid'"
                        + " FROM generate_series(1, " + SEED_ORDERS + ") i",
                "INSERT INTO payments (order_id, amount_cents, method, status) SELECT i, 500 + (i * 7919) % 30000,"
                        + " 'card', 'captured' FROM generate_series(1, " + SEED_PAYMENTS + ") i");
        for (int i = 1; i <= SEED_USERS; i++) {
            liveUsers.add(i);
        }
        return SEED_USERS + SEED_ORDERS + SEED_PAYMENTS;
    }

    /** Starts writing in the background; does nothing at a rate of 0. */
    void startWriting() {
        if (changesPerSecond <= 0) {
            return;
        }
        running = true;
        thread = new Thread(this::writeLoop, "quickstart-shop-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops writing and waits for the last statement; throws if the writer failed. */
    void stopWriting() {
        running = false;
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw new IllegalStateException("The PostgreSQL writer failed: " + failure, failure);
        }
    }

    /** Change events (tombstones included) the writer's committed statements make the CDC source emit. */
    long changeEvents() {
        return changeEvents.get();
    }

    @Override
    public void close() {
        running = false;
    }

    private void writeLoop() {
        long intervalNanos = (long) (1e9 / changesPerSecond);
        long next = System.nanoTime();
        try (Connection connection = postgres.connect(database)) {
            connection.setAutoCommit(true);
            while (running) {
                changeEvents.addAndGet(oneChange(connection));
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            if (running) {
                failure = e;
            }
        }
    }

    /** One committed change; returns the change events it makes (0 if it touched no row). */
    private int oneChange(Connection connection) throws SQLException {
        int dice = random.nextInt(100);
        if (dice < 35) {
            long id = ++orders;
            int amount = random.nextInt(100) < 5 ? 50_000 + random.nextInt(100_000) : 500 + random.nextInt(20_000);
            int user = liveUsers.isEmpty() ? 1 : liveUsers.get(random.nextInt(liveUsers.size()));
            return update(connection, "INSERT INTO orders (id, user_id, amount_cents, status) VALUES (?, ?, ?, 'new')",
                    id, user, amount);
        }
        if (dice < 60) {
            long order = 1 + random.nextInt((int) orders);
            String status = random.nextInt(100) < 4 ? "failed" : "captured";
            return update(connection, "INSERT INTO payments (order_id, amount_cents, method, status)"
                    + " VALUES (?, ?, ?, ?)", order, 500 + random.nextInt(20_000),
                    METHODS[random.nextInt(METHODS.length)], status);
        }
        if (dice < 80) {
            long order = 1 + random.nextInt((int) orders);
            String status = random.nextInt(100) < 10 ? "cancelled" : random.nextBoolean() ? "shipped" : "paid";
            return update(connection, "UPDATE orders SET status = ? WHERE id = ?", status, order);
        }
        if (dice < 95 || liveUsers.size() < 10) {
            int id = nextUser++;
            liveUsers.add(id);
            return update(connection, "INSERT INTO users (id, email, country) VALUES (?, ?, ?)", id,
                    "user" + id + "@example.com", COUNTRIES[random.nextInt(COUNTRIES.length)]);
        }
        int user = liveUsers.remove(random.nextInt(liveUsers.size()));
        return 2 * update(connection, "DELETE FROM users WHERE id = ?", user); // the delete and its tombstone
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
