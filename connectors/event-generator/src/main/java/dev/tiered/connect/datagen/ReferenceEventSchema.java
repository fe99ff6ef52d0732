package dev.tiered.connect.datagen;

import java.util.Date;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The Connect schema of the reference event, used with {@code value.format=struct}. Every field of the payload is
 * required except those that are genuinely absent for some events ({@code page.referrer} for direct traffic,
 * {@code campaign.name} outside campaigns, {@code payment.card_brand} for non-card payments) and the type-specific
 * sections, of which exactly the one for the event's type is set.
 */
public final class ReferenceEventSchema {

    public static final String VALUE_SCHEMA_NAME = "dev.tiered.connect.datagen.ReferenceEvent";
    public static final String PAYLOAD_SCHEMA_NAME = "dev.tiered.connect.datagen.ReferenceEventPayload";
    public static final int SCHEMA_VERSION = 1;

    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TIME = "event_time";
    public static final String EVENT_TYPE = "event_type";
    public static final String PRIORITY = "priority";
    public static final String USER_ID = "user_id";
    public static final String PAYLOAD = "payload";

    /** The record key: the user id. */
    public static final Schema KEY_SCHEMA = Schema.STRING_SCHEMA;

    private static final Schema STRING = Schema.STRING_SCHEMA;
    private static final Schema OPTIONAL_STRING = Schema.OPTIONAL_STRING_SCHEMA;
    private static final Schema INT = Schema.INT32_SCHEMA;
    private static final Schema DOUBLE = Schema.FLOAT64_SCHEMA;
    private static final Schema BOOLEAN = Schema.BOOLEAN_SCHEMA;

    public static final Schema PAYLOAD_SCHEMA = SchemaBuilder.struct().name(PAYLOAD_SCHEMA_NAME)
            .version(SCHEMA_VERSION)
            .field("session_id", STRING)
            .field("page", section("page", false)
                    .field("url", STRING).field("title", STRING)
                    .field("referrer", OPTIONAL_STRING).build())
            .field("device", section("device", false)
                    .field("type", STRING).field("os", STRING).field("browser", STRING)
                    .field("user_agent", STRING).field("language", STRING).build())
            .field("geo", section("geo", false)
                    .field("country", STRING).field("region", STRING).field("city", STRING)
                    .field("ip", STRING).build())
            .field("campaign", section("campaign", false)
                    .field("source", STRING).field("medium", STRING).field("name", OPTIONAL_STRING).build())
            .field("metrics", section("metrics", false)
                    .field("page_load_ms", INT).field("time_on_page_ms", INT).field("scroll_depth_pct", INT)
                    .field("cart_items", INT).field("cart_value", DOUBLE).build())
            .field("flags", section("flags", false)
                    .field("logged_in", BOOLEAN).field("consent", BOOLEAN)
                    .field("ab_variant", STRING).build())
            .field("app", section("app", false)
                    .field("name", STRING).field("version", STRING).field("host", STRING).build())
            .field("view", section("view", true)
                    .field("navigation", STRING).field("landing", BOOLEAN).field("first_paint_ms", INT).build())
            .field("click", section("click", true)
                    .field("element", STRING).field("text", STRING).field("x", INT).field("y", INT).build())
            .field("scroll", section("scroll", true)
                    .field("depth_pct", INT).field("direction", STRING).field("viewport_height", INT).build())
            .field("search", section("search", true)
                    .field("query", STRING).field("results", INT).field("sort", STRING).field("page", INT).build())
            .field("product", section("product", true)
                    .field("sku", STRING).field("brand", STRING).field("category", STRING)
                    .field("price", DOUBLE).field("currency", STRING).field("quantity", INT).build())
            .field("video", section("video", true)
                    .field("id", STRING).field("title", STRING).field("position_s", INT).field("duration_s", INT)
                    .field("autoplay", BOOLEAN).field("quality", STRING).build())
            .field("login", section("login", true)
                    .field("method", STRING).field("mfa", BOOLEAN).field("success", BOOLEAN).build())
            .field("checkout", section("checkout", true)
                    .field("cart_id", STRING).field("items", INT).field("subtotal", DOUBLE)
                    .field("currency", STRING).field("shipping", STRING).build())
            .field("payment", section("payment", true)
                    .field("order_id", STRING).field("amount", DOUBLE).field("currency", STRING)
                    .field("method", STRING).field("card_brand", OPTIONAL_STRING).field("status", STRING)
                    .field("provider", STRING).field("installments", INT).build())
            .field("fraud", section("fraud", true)
                    .field("risk_score", DOUBLE).field("reasons", SchemaBuilder.array(STRING).build())
                    .field("model", STRING).field("action", STRING).field("order_id", STRING).build())
            .field("surge", section("surge", true)
                    .field("zone", STRING).field("multiplier", DOUBLE).field("demand_index", DOUBLE)
                    .field("supply_index", DOUBLE).field("valid_for_s", INT).build())
            .build();

    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name(VALUE_SCHEMA_NAME)
            .version(SCHEMA_VERSION)
            .doc("A reference event of Tiered Connect's event generator")
            .field(EVENT_ID, STRING)
            .field(EVENT_TIME, Timestamp.SCHEMA)
            .field(EVENT_TYPE, STRING)
            .field(PRIORITY, DOUBLE)
            .field(USER_ID, STRING)
            .field(PAYLOAD, PAYLOAD_SCHEMA)
            .build();

    private ReferenceEventSchema() {
    }

    static Struct toStruct(ReferenceEvent event) {
        return new Struct(VALUE_SCHEMA)
                .put(EVENT_ID, event.eventId())
                .put(EVENT_TIME, new Date(event.eventTimeMillis()))
                .put(EVENT_TYPE, event.eventType().wireName())
                .put(PRIORITY, event.priority())
                .put(USER_ID, event.userId())
                .put(PAYLOAD, toStruct(event.payload(), PAYLOAD_SCHEMA));
    }

    /**
     * The map as a struct of the schema; a key the schema lacks fails, so the generator and the schema cannot drift
     * apart unnoticed.
     */
    private static Struct toStruct(Map<String, Object> map, Schema schema) {
        Struct struct = new Struct(schema);
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            Field field = schema.field(entry.getKey());
            if (field == null) {
                throw new DataException("Field '" + entry.getKey() + "' is not in schema " + schema.name());
            }
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nestedMap = (Map<String, Object>) nested;
                value = toStruct(nestedMap, field.schema());
            }
            struct.put(field, value);
        }
        return struct;
    }

    private static SchemaBuilder section(String name, boolean optional) {
        SchemaBuilder builder = SchemaBuilder.struct().name(PAYLOAD_SCHEMA_NAME + "." + name);
        return optional ? builder.optional() : builder;
    }
}
