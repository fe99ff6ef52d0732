package dev.tiered.connect.faults.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of the hostile run, in the order they are produced: good records (unique {@code id} {@code g-<n>}, a
 * known route) with hostile ones in between. Each hostile record belongs to a kind, the row of the report it is
 * counted in, and says what a user should see happen to it.
 */
public final class HostileStream {

    /** What must become of a record once it passed the router. */
    public enum Expect {
        /** Written once to S3, under its route's topic, in {@link Sent#directory()}. */
        WRITTEN,
        /** In the dead letter queue, from the sink's value converter. */
        DLQ_CONVERTER,
        /** In the dead letter queue, from the sink's put(). */
        DLQ_SINK,
        /** A tombstone: skipped as {@code behavior.on.null.values=ignore} says. */
        IGNORED
    }

    /**
     * One record. {@code line} is what the file source reads (null for a record produced directly to the cold topic,
     * whose {@code key} is then used with a null value); {@code route} the route the router must take;
     * {@code routerError} a fragment its error header must hold, or null if it must have none; {@code directory}
     * the partition directory a written record lands in; {@code dlqReason} a fragment a DLQ entry must name.
     */
    public record Sent(String kind, String id, String line, String key, Expect expect, String route,
                       String routerError, String directory, String dlqReason) {
        public boolean good() {
            return kind.equals(GOOD);
        }
    }

    public static final String GOOD = "good";

    private final List<Sent> records = new ArrayList<>();

    public List<Sent> records() {
        return records;
    }

    public void add(Sent sent) {
        records.add(sent);
    }

    /** A good record, written to {@code directory} on {@code route}. */
    public void good(String id, String line, String directory, String route) {
        add(new Sent(GOOD, id, line, null, Expect.WRITTEN, route, null, directory, null));
    }

    /** A hostile record the sink writes, cold (it is built to score low) unless the router errs. */
    public void written(String kind, String id, String line, String directory, String routerError) {
        add(new Sent(kind, id, line, null, Expect.WRITTEN, "cold", routerError, directory, null));
    }

    /** A hostile record the sink dead-letters at {@code stage}, naming {@code reason}. */
    public void deadLettered(String kind, String line, String routerError, Expect stage, String reason) {
        add(new Sent(kind, null, line, null, stage, "cold", routerError, null, reason));
    }

    public static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
