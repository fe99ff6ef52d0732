package dev.tiered.connect.transforms.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A lag source whose answer the test sets. */
public final class FakeLagSource implements LagSource {

    private final AtomicLong lag = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<Set<String>> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();

    public void lag(long value) {
        lag.set(value);
        failure.set(null);
    }

    public void fail(Exception e) {
        failure.set(e);
    }

    @Override
    public long totalLag(Collection<String> topics) throws Exception {
        requests.add(Set.copyOf(topics));
        Exception e = failure.get();
        if (e != null) {
            throw e;
        }
        return lag.get();
    }

    public List<Set<String>> requests() {
        return new ArrayList<>(requests);
    }

    public int closes() {
        return closes.get();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
