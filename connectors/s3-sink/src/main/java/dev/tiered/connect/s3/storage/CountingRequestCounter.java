package dev.tiered.connect.s3.storage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** A thread-safe {@link RequestCounter} that keeps totals per request kind; for metrics and tests. */
public final class CountingRequestCounter implements RequestCounter {

    private static final int KINDS = Request.values().length;
    private final AtomicLongArray requests = new AtomicLongArray(KINDS);
    private final AtomicLongArray failures = new AtomicLongArray(KINDS);
    private final AtomicLongArray bytes = new AtomicLongArray(KINDS);

    @Override
    public void onRequest(Request request, long sentBytes, boolean success) {
        requests.incrementAndGet(request.ordinal());
        bytes.addAndGet(request.ordinal(), sentBytes);
        if (!success) {
            failures.incrementAndGet(request.ordinal());
        }
    }

    public long requests(Request request) {
        return requests.get(request.ordinal());
    }

    public long failures(Request request) {
        return failures.get(request.ordinal());
    }

    public long bytes(Request request) {
        return bytes.get(request.ordinal());
    }

    public long totalRequests() {
        long total = 0;
        for (int i = 0; i < KINDS; i++) {
            total += requests.get(i);
        }
        return total;
    }

    public long totalBytes() {
        long total = 0;
        for (int i = 0; i < KINDS; i++) {
            total += bytes.get(i);
        }
        return total;
    }

    /** Requests per kind, only kinds with at least one request. */
    public Map<Request, Long> snapshot() {
        Map<Request, Long> m = new EnumMap<>(Request.class);
        for (Request r : Request.values()) {
            long n = requests(r);
            if (n > 0) {
                m.put(r, n);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "CountingRequestCounter" + snapshot();
    }
}
