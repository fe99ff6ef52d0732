package dev.tiered.connect.testkit;

import java.util.function.Supplier;

/**
 * One lazily started instance of a service per JVM: started by the first caller (others block until it is up). The
 * service registers itself with {@link ShutdownHooks} to be stopped at JVM exit. A failed start is remembered, so
 * later callers fail at once with the original cause instead of each paying for another doomed start.
 */
final class SharedInstance<T> {

    private final String description;
    private final Supplier<T> starter;
    private volatile T instance;
    private RuntimeException failure;

    SharedInstance(String description, Supplier<T> starter) {
        this.description = description;
        this.starter = starter;
    }

    T get() {
        T current = instance;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (instance != null) {
                return instance;
            }
            if (failure != null) {
                throw new IllegalStateException("The shared " + description
                        + " failed to start earlier in this JVM (not retried); first failure: " + failure.getMessage(),
                        failure);
            }
            try {
                instance = starter.get();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } catch (Error e) {
                failure = new IllegalStateException("Could not start the shared " + description + ": " + e, e);
                throw e;
            }
            return instance;
        }
    }
}
