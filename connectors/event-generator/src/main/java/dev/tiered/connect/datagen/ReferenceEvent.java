package dev.tiered.connect.datagen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.connect.data.Struct;

/**
 * One reference event: the fields every component of the pack knows ({@code event_id}, {@code event_time},
 * {@code event_type}, {@code priority}, {@code user_id}) and a nested {@code payload}, with the task and sequence
 * number it was generated for.
 *
 * <p>{@link #toMap()} is the schemaless form (what JsonConverter with {@code schemas.enable=false} writes, the payload
 * as nested maps, {@code event_time} as ISO-8601 UTC text with milliseconds); {@link #toStruct()} is the same content
 * as a {@link Struct} of {@link ReferenceEventSchema#VALUE_SCHEMA} ({@code event_time} a Connect Timestamp). The only
 * difference: the map leaves out the type-specific payload sections that do not apply, the struct has them null.
 *
 * <p>The payload maps are shared, not copied: callers must not modify them.
 */
public final class ReferenceEvent {

    private final int task;
    private final long sequence;
    private final String eventId;
    private final long eventTimeMillis;
    private final String eventTime;
    private final EventType eventType;
    private final double priority;
    private final String userId;
    private final Map<String, Object> payload;

    ReferenceEvent(int task, long sequence, String eventId, long eventTimeMillis, String eventTime,
                   EventType eventType, double priority, String userId, Map<String, Object> payload) {
        this.task = task;
        this.sequence = sequence;
        this.eventId = eventId;
        this.eventTimeMillis = eventTimeMillis;
        this.eventTime = eventTime;
        this.eventType = eventType;
        this.priority = priority;
        this.userId = userId;
        this.payload = payload;
    }

    public int task() {
        return task;
    }

    public long sequence() {
        return sequence;
    }

    /** A version-4-style UUID derived from the seed, task and sequence number. */
    public String eventId() {
        return eventId;
    }

    public long eventTimeMillis() {
        return eventTimeMillis;
    }

    /** {@code event_time} as in the schemaless form, such as {@code 2026-11-23T08:15:30.123Z}. */
    public String eventTime() {
        return eventTime;
    }

    public EventType eventType() {
        return eventType;
    }

    /** In [0, 1], a multiple of 0.001. */
    public double priority() {
        return priority;
    }

    /** The record key: realistic per-user ordering. */
    public String userId() {
        return userId;
    }

    /** The nested payload, as maps; do not modify. */
    public Map<String, Object> payload() {
        return payload;
    }

    /** The schemaless form: a new top-level map (sharing the payload maps). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put(ReferenceEventSchema.EVENT_ID, eventId);
        map.put(ReferenceEventSchema.EVENT_TIME, eventTime);
        map.put(ReferenceEventSchema.EVENT_TYPE, eventType.wireName());
        map.put(ReferenceEventSchema.PRIORITY, priority);
        map.put(ReferenceEventSchema.USER_ID, userId);
        map.put(ReferenceEventSchema.PAYLOAD, payload);
        return map;
    }

    /** The same content as a {@link Struct} of {@link ReferenceEventSchema#VALUE_SCHEMA}. */
    public Struct toStruct() {
        return ReferenceEventSchema.toStruct(this);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReferenceEvent other)) {
            return false;
        }
        return task == other.task && sequence == other.sequence && eventTimeMillis == other.eventTimeMillis
                && Double.compare(priority, other.priority) == 0 && eventId.equals(other.eventId)
                && eventType == other.eventType && userId.equals(other.userId) && payload.equals(other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, sequence, eventId);
    }

    @Override
    public String toString() {
        return "ReferenceEvent{task=" + task + ", seq=" + sequence + ", event_id=" + eventId + ", event_type="
                + eventType + ", priority=" + priority + ", user_id=" + userId + ", event_time=" + eventTime + "}";
    }
}
