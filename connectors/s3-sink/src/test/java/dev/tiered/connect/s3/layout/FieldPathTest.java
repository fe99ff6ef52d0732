package dev.tiered.connect.s3.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class FieldPathTest {

    private static final Schema ROW = SchemaBuilder.struct().name("db.public.orders.Value")
            .field("id", Schema.INT64_SCHEMA).field("status", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("db.public.orders.Envelope")
            .field("before", ROW).field("after", ROW).field("op", Schema.STRING_SCHEMA).build();

    @Test
    void distinguishesMissingFromNull() {
        Map<String, Object> value = new HashMap<>();
        value.put("a", null);
        assertThat(new FieldPath("a").resolve(value)).isNull();
        assertThat(new FieldPath("b").resolve(value)).isSameAs(FieldPath.MISSING);
        assertThat(new FieldPath("a.b").resolve(value)).isNull();
        Struct row = new Struct(ROW).put("id", 1L);
        assertThat(new FieldPath("status").resolve(row)).isNull();
        assertThat(new FieldPath("nope").resolve(row)).isSameAs(FieldPath.MISSING);
        assertThat(new FieldPath("id.x").resolve(row)).isSameAs(FieldPath.MISSING);
        assertThat(new FieldPath("x").resolve(null)).as("tombstone").isNull();
    }

    @Test
    void readsDebeziumStructEnvelopes() {
        Struct update = new Struct(ENVELOPE).put("op", "u")
                .put("before", new Struct(ROW).put("id", 1L).put("status", "new"))
                .put("after", new Struct(ROW).put("id", 1L).put("status", "paid"));
        assertThat(new FieldPath("status").resolve(update)).isEqualTo("paid");
        assertThat(new FieldPath("before.status").resolve(update)).isEqualTo("new");
        assertThat(new FieldPath("op").resolve(update)).isEqualTo("u");
        Struct delete = new Struct(ENVELOPE).put("op", "d").put("before", new Struct(ROW).put("id", 1L)
                .put("status", "new"));
        assertThat(new FieldPath("status").resolve(delete)).isEqualTo("new");
        assertThat(new FieldPath("after.status").resolve(delete)).isNull();
    }

    @Test
    void leafNameAndValidation() {
        assertThat(new FieldPath(" after.event_type ").leafName()).isEqualTo("event_type");
        assertThat(new FieldPath("a").path()).isEqualTo("a");
        assertThatThrownBy(() -> new FieldPath("a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FieldPath(".a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FieldPath(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampTextParsing() {
        assertThat(TimestampExtractor.parseTimestamp("2026-11-23T08:15:30.123Z")).isEqualTo(1_795_421_730_123L);
        assertThat(TimestampExtractor.parseTimestamp("2026-11-23T09:15:30.123+01:00")).isEqualTo(1_795_421_730_123L);
        assertThat(TimestampExtractor.parseTimestamp("1795421730123")).isEqualTo(1_795_421_730_123L);
        assertThat(TimestampExtractor.parseTimestamp("-5")).isEqualTo(-5L);
        assertThat(TimestampExtractor.parseTimestamp("")).isNull();
        assertThat(TimestampExtractor.parseTimestamp("-")).isNull();
        assertThat(TimestampExtractor.parseTimestamp("2026-11-23")).isNull();
        assertThat(TimestampExtractor.parseTimestamp("99999999999999999999")).isNull();
    }
}
