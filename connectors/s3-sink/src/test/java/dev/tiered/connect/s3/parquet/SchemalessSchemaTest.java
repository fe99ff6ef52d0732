package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class SchemalessSchemaTest {

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void infersOptionalColumnsFromValues() {
        SchemalessSchema s = SchemalessSchema.of(map("s", "x", "b", true, "i", 1, "l", 2L, "d", 1.5, "f", 2.5f,
                "t", new java.util.Date(0), "n", map("a", 1), "list", List.of(1, 2), "nothing", null));
        Schema c = s.connectSchema();
        assertThat(c.field("s").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(c.field("b").schema()).isEqualTo(Schema.OPTIONAL_BOOLEAN_SCHEMA);
        assertThat(c.field("i").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(c.field("l").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(c.field("d").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(c.field("f").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(c.field("t").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(c.field("n").schema().field("a").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(c.field("n").schema().isOptional()).isTrue();
        assertThat(c.field("list").schema().valueSchema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(c.field("nothing")).as("type unknown until a value is seen").isNull();
        assertThat(c.fields()).extracting(f -> f.name())
                .containsExactly("s", "b", "i", "l", "d", "f", "t", "n", "list");
    }

    @Test
    void fitsWhatItAlreadyHolds() {
        SchemalessSchema s = SchemalessSchema.of(map("a", 1L, "b", "x", "n", map("c", 1.0)));
        assertThat(s.fits(map("a", 5, "b", "y"))).as("missing field, int into int64").isTrue();
        assertThat(s.fits(map("a", null, "x", null))).as("nulls, even of unknown fields").isTrue();
        assertThat(s.fits(map("n", map("c", 3)))).as("int into double").isTrue();
        assertThat(s.widenedWith(map("a", 2L))).isSameAs(s);
    }

    @Test
    void fitsChecksEveryEntryWhateverTheMapsKeysAndNulls() {
        SchemalessSchema s = SchemalessSchema.of(map("a", 1L, "n", map("c", "x")));
        assertThat(s.fits(map("a", 1L, "z", 2L))).as("unknown field with a value").isFalse();
        assertThat(s.fits(map("z", null, "a", "text"))).as("a null entry, then a wrong type").isFalse();
        assertThat(s.fits(map("z", null, "a", 3))).as("a null entry of an unknown field").isTrue();
        assertThat(s.fits(map("n", map("c", "y", "d", null)))).as("nested null entry").isTrue();
        assertThat(s.fits(map("n", map("c", "y", "d", 1)))).as("nested unknown field").isFalse();
        Map<Object, Object> integerKeys = new java.util.TreeMap<>(Map.of(1, "one"));
        assertThat(s.fits(map("n", integerKeys))).as("keys that are not strings").isFalse();
        Map<Object, Object> integerKeysOfNulls = new java.util.TreeMap<>();
        integerKeysOfNulls.put(1, null);
        assertThat(s.fits(map("n", integerKeysOfNulls))).as("nulls under keys that are not strings").isTrue();
    }

    @Test
    void widensIntThenLongThenDouble() {
        SchemalessSchema s = SchemalessSchema.of(map("v", 1));
        assertThat(s.fits(map("v", 5_000_000_000L))).isTrue();
        assertThat(s.fits(map("v", 1.5))).isFalse();
        SchemalessSchema wider = s.widenedWith(map("v", 1.5));
        assertThat(wider).isNotSameAs(s);
        assertThat(wider.connectSchema().field("v").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(wider.fits(map("v", 7L))).isTrue();
    }

    @Test
    void addsNewFieldsAfterExistingOnes() {
        SchemalessSchema s = SchemalessSchema.of(map("a", 1)).widenedWith(map("b", "x", "a", 2));
        assertThat(s.connectSchema().fields()).extracting(f -> f.name()).containsExactly("a", "b");
        SchemalessSchema late = SchemalessSchema.of(map("a", null)).widenedWith(map("a", "now known"));
        assertThat(late.connectSchema().field("a").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    }

    @Test
    void conflictingTypesBecomeJsonText() {
        SchemalessSchema s = SchemalessSchema.of(map("v", 1, "o", map("x", 1)));
        SchemalessSchema wider = s.widenedWith(map("v", "one", "o", 5));
        assertThat(wider.connectSchema().field("v").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(wider.connectSchema().field("o").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(wider.fits(map("v", 2, "o", map("y", List.of())))).as("anything fits a text column").isTrue();
    }

    @Test
    void widensListElements() {
        SchemalessSchema s = SchemalessSchema.of(map("l", List.of()));
        assertThat(s.connectSchema()).as("empty list: no column yet").isNull();
        SchemalessSchema ints = s.widenedWith(map("l", List.of(1, 2)));
        assertThat(ints.connectSchema().field("l").schema().valueSchema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(ints.fits(map("l", Arrays.asList(3, null)))).isTrue();
        SchemalessSchema mixed = ints.widenedWith(map("l", List.of(1, 2.5)));
        assertThat(mixed.connectSchema().field("l").schema().valueSchema())
                .isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        SchemalessSchema objects = SchemalessSchema.of(map("l", List.of(map("a", 1), map("b", "x"))));
        Schema element = objects.connectSchema().field("l").schema().valueSchema();
        assertThat(element.fields()).extracting(f -> f.name()).containsExactly("a", "b");
    }

    @Test
    void equalShapesAreEqual() {
        Map<String, Object> a = new HashMap<>(map("x", 1, "y", "s"));
        assertThat(SchemalessSchema.of(a)).isEqualTo(SchemalessSchema.of(map("x", 9L, "y", "t")));
    }

    @Test
    void aTopLevelMapWithoutStringKeysIsAConversionError() {
        Map<Object, Object> odd = new HashMap<>();
        odd.put(1, "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemalessSchema.of(odd))
                .isInstanceOf(RecordConversionException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemalessSchema.of(map("a", 1)).widenedWith(odd))
                .isInstanceOf(RecordConversionException.class);
        SchemalessSchema nested = SchemalessSchema.of(map("m", odd));
        assertThat(nested.connectSchema().field("m").schema()).as("nested: kept as JSON text")
                .isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    }
}
