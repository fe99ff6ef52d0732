package dev.tiered.connect.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test service that is either shared by every test of the JVM, and then stopped only by the test kit's shutdown
 * hook, or owned by one test, which may stop it to simulate an outage, start it again, and close it for good.
 */
abstract class TestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestService.class);

    private final String description;
    private volatile boolean shared;
    private boolean closed;

    /** @param description what the service is, for messages, e.g. "PostgreSQL test server" */
    TestService(String description) {
        this.description = description;
    }

    /** Marks the JVM-wide instance, which tests may not stop or close. */
    final void markShared() {
        shared = true;
    }

    final boolean isShared() {
        return shared;
    }

    /** @throws IllegalStateException when the service has been closed for good */
    final synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }

    /**
     * Stops serving but keeps the service's data, to simulate an outage; {@code start()} brings it back on the same
     * port. Refused on the shared instance, which other tests are using.
     */
    public final synchronized void stop() {
        if (shared) {
            throw new UnsupportedOperationException("The shared " + description + " cannot be stopped: other tests"
                    + " use it. " + ownInstanceHint());
        }
        stopServing();
    }

    /** Stops the service for good and frees what it holds. Ignored on the shared instance, stopped at JVM exit. */
    @Override
    public final void close() {
        if (shared) {
            LOG.debug("close() on the shared {} ignored; it stops when the JVM exits", description);
            return;
        }
        shutdown();
        ShutdownHooks.unregister(this);
    }

    /** Stops the service for good, once; what the shutdown hook runs. */
    final synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        releaseForGood();
    }

    /** Stops serving, keeping the data. */
    abstract void stopServing();

    /** Stops serving and frees everything: clients, data, files. */
    abstract void releaseForGood();

    /** How a test gets an instance of its own, for the message when it tries to stop the shared one. */
    abstract String ownInstanceHint();
}
