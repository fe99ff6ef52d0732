package dev.tiered.connect.datagen;

import java.util.Map;
import java.util.UUID;

/**
 * Generates the reference events of one task: event {@code n} is a pure function of the seed, the task id,
 * {@code n} and the settings (hot share, hot threshold, type mix; and the event clock, unless that is the wall
 * clock). Event {@code n} is generated directly, without generating the events before it, so a task resumes at any
 * sequence number for the cost of one event, and tests can recompute exactly what a task produced.
 *
 * <p>Every event draws from a SplitMix64 stream keyed by (seed, task, n), in a fixed order: the event type, whether it
 * is hot, its priority, the event id, the user, then the payload. {@link #priorityOf(long)} and
 * {@link #eventTypeOf(long)} make only the first draws, so counting hot events costs a few nanoseconds per event.
 * The same inputs give the same events with the same version of this class; a change that alters them is a
 * change to the reference data and must say so.
 *
 * <p>Not thread-safe: it reuses its random generators and caches; use one per thread.
 */
public final class ReferenceEventGenerator {

    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_HOT_SHARE = 0.05;
    public static final double DEFAULT_HOT_THRESHOLD = 0.9;
    /** The visitors events are drawn from, the first ones much more active than the rest. */
    public static final long USERS = 1_000_000L;

    private final long seed;
    private final int task;
    private final EventTypeMix mix;
    private final PriorityModel priorities;
    private final EventClock clock;
    private final long taskKey;
    private final EventRandom random = new EventRandom();
    private final UserProfile.Cache users;
    private final PayloadGenerator payloads;
    private final IsoTimestampFormatter timestamps = new IsoTimestampFormatter();

    private ReferenceEventGenerator(Builder builder) {
        if (builder.task < 0) {
            throw new IllegalArgumentException("The task id must be at least 0: " + builder.task);
        }
        this.seed = builder.seed;
        this.task = builder.task;
        this.mix = builder.mix;
        this.priorities = new PriorityModel(builder.mix, builder.hotShare, builder.hotThreshold);
        this.clock = builder.clock;
        this.taskKey = EventRandom.combine(seed, task);
        this.users = new UserProfile.Cache(seed);
        this.payloads = new PayloadGenerator(seed, task);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The event with this sequence number, at least 0. */
    public ReferenceEvent generate(long sequence) {
        checkSequence(sequence);
        random.reset(EventRandom.combine(taskKey, sequence));
        EventType type = mix.pick(random.nextDouble());
        boolean hot = priorities.hot(type, random.nextDouble());
        double priority = priorities.priority(type, hot, random.nextDouble());
        String eventId = uuid(random.nextLong(), random.nextLong());
        double u = random.nextDouble();
        UserProfile user = users.get((long) (u * u * USERS));
        Map<String, Object> payload = payloads.payload(type, priority, sequence, user, random);
        long time = clock.eventTimeMillis(sequence);
        return new ReferenceEvent(task, sequence, eventId, time, timestamps.format(time), type, priority,
                user.userId(), payload);
    }

    /** The priority of event {@code sequence}, without generating the rest of it. */
    public double priorityOf(long sequence) {
        checkSequence(sequence);
        random.reset(EventRandom.combine(taskKey, sequence));
        EventType type = mix.pick(random.nextDouble());
        boolean hot = priorities.hot(type, random.nextDouble());
        return priorities.priority(type, hot, random.nextDouble());
    }

    /** The type of event {@code sequence}, without generating the rest of it. */
    public EventType eventTypeOf(long sequence) {
        checkSequence(sequence);
        random.reset(EventRandom.combine(taskKey, sequence));
        return mix.pick(random.nextDouble());
    }

    /** Whether event {@code sequence} is hot: its priority is at or above the hot threshold. */
    public boolean isHot(long sequence) {
        return priorities.isHot(priorityOf(sequence));
    }

    /** How many of the events {@code from} (inclusive) to {@code to} (exclusive) are hot. */
    public long countHot(long from, long to) {
        long hot = 0;
        for (long sequence = from; sequence < to; sequence++) {
            if (isHot(sequence)) {
                hot++;
            }
        }
        return hot;
    }

    public long seed() {
        return seed;
    }

    public int task() {
        return task;
    }

    public EventTypeMix mix() {
        return mix;
    }

    public PriorityModel priorityModel() {
        return priorities;
    }

    public EventClock clock() {
        return clock;
    }

    private static void checkSequence(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("Sequence numbers start at 0: " + sequence);
        }
    }

    /** A UUID with the version (4) and variant (IETF) bits of a random one. */
    private static String uuid(long mostSignificant, long leastSignificant) {
        long msb = (mostSignificant & ~0xF000L) | 0x4000L;
        long lsb = (leastSignificant & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** Settings of a generator; the defaults are those of the connector. */
    public static final class Builder {

        private long seed = DEFAULT_SEED;
        private int task;
        private double hotShare = DEFAULT_HOT_SHARE;
        private double hotThreshold = DEFAULT_HOT_THRESHOLD;
        private EventTypeMix mix = EventTypeMix.defaults();
        private EventClock clock = EventClock.systemWallClock();

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The task id, at least 0: each task generates its own sequence of events. */
        public Builder task(int task) {
            this.task = task;
            return this;
        }

        /** The fraction of events that are hot, in [0, 1]. */
        public Builder hotShare(double hotShare) {
            this.hotShare = hotShare;
            return this;
        }

        /** The priority at or above which an event is hot, in (0, 1]. */
        public Builder hotThreshold(double hotThreshold) {
            this.hotThreshold = hotThreshold;
            return this;
        }

        public Builder mix(EventTypeMix mix) {
            this.mix = mix;
            return this;
        }

        public Builder clock(EventClock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException when a setting is out of range */
        public ReferenceEventGenerator build() {
            return new ReferenceEventGenerator(this);
        }
    }
}
