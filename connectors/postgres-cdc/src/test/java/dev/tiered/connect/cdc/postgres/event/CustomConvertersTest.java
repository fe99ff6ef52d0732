package dev.tiered.connect.cdc.postgres.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.cdc.postgres.catalog.CatalogColumn;
import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import io.debezium.spi.converter.RelationalColumn;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomConvertersTest {

    private static final String FLAG = FlagToStringConverter.class.getName();

    @BeforeEach
    void forget() {
        FlagToStringConverter.CONFIGURED.clear();
        FlagToStringConverter.ASKED.clear();
    }

    private static CustomConverters converters(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return CustomConverters.fromConfig(config);
    }

    private static CatalogColumn catalog(String name, int oid, String typeName, int typmod, String defaultExpression) {
        return new CatalogColumn(1, name, oid, typeName, typmod, false, defaultExpression);
    }

    @Test
    void eachNamedConverterIsConfiguredWithItsPrefixStripped() {
        converters("converters", "first, second", "first.type", FLAG, "first.prefix", "F:", "first.tables", "x",
                "second.type", FLAG, "second.types", "int4", "firstish.prefix", "not mine", "other", "ignored");
        assertThat(FlagToStringConverter.CONFIGURED).hasSize(2);
        Properties first = FlagToStringConverter.CONFIGURED.get(0);
        assertThat(first).containsOnlyKeys("type", "prefix", "tables");
        assertThat(first.getProperty("type")).isEqualTo(FLAG);
        assertThat(first.getProperty("prefix")).isEqualTo("F:");
        assertThat(FlagToStringConverter.CONFIGURED.get(1)).containsOnlyKeys("type", "types");
        assertThat(converters().isEmpty()).isTrue();
    }

    @Test
    void converterForSeesDebeziumsColumnDescription() {
        CustomConverters converters = converters("converters", "c", "c.type", FLAG, "c.types", "none");
        converters.converterFor("public", "t", new ColumnDefinition("id", ValueConverters.INT4, -1, false),
                catalog("id", ValueConverters.INT4, "int4", -1, "nextval('t_id_seq'::regclass)"));
        converters.converterFor("public", "t", new ColumnDefinition("name", ValueConverters.VARCHAR, 259, true),
                catalog("name", ValueConverters.VARCHAR, "varchar", 259, null));
        converters.converterFor("public", "t", new ColumnDefinition("price", ValueConverters.NUMERIC,
                (10 << 16) + 2 + 4, true), catalog("price", ValueConverters.NUMERIC, "numeric", (10 << 16) + 2 + 4,
                "0"));
        converters.converterFor("public", "t", new ColumnDefinition("ok", ValueConverters.BOOL, -1, true), null);

        List<RelationalColumn> asked = FlagToStringConverter.ASKED;
        assertThat(asked).hasSize(4);
        RelationalColumn id = asked.get(0);
        assertThat(id.dataCollection()).isEqualTo("public.t");
        assertThat(id.name()).isEqualTo("id");
        assertThat(id.typeName()).isEqualTo("serial");
        assertThat(id.typeExpression()).isEqualTo("serial");
        assertThat(id.jdbcType()).isEqualTo(Types.INTEGER);
        assertThat(id.nativeType()).isEqualTo(ValueConverters.INT4);
        assertThat(id.length()).isEqualTo(OptionalInt.of(10));
        assertThat(id.scale()).isEqualTo(OptionalInt.of(0));
        assertThat(id.isOptional()).isFalse();
        assertThat(id.hasDefaultValue()).isTrue();
        assertThat(id.defaultValue()).isNull();

        RelationalColumn name = asked.get(1);
        assertThat(name.typeName()).isEqualTo("varchar");
        assertThat(name.typeExpression()).isEqualTo("varchar(255,0)");
        assertThat(name.length()).isEqualTo(OptionalInt.of(255));
        assertThat(name.jdbcType()).isEqualTo(Types.VARCHAR);
        assertThat(name.isOptional()).isTrue();
        assertThat(name.hasDefaultValue()).isFalse();

        RelationalColumn price = asked.get(2);
        assertThat(price.typeExpression()).isEqualTo("numeric(10,2)");
        assertThat(price.length()).isEqualTo(OptionalInt.of(10));
        assertThat(price.scale()).isEqualTo(OptionalInt.of(2));
        assertThat(price.jdbcType()).isEqualTo(Types.NUMERIC);

        RelationalColumn ok = asked.get(3); // no catalog facts: the core type's name
        assertThat(ok.typeName()).isEqualTo("bool");
        assertThat(ok.jdbcType()).isEqualTo(Types.BIT);
    }

    @Test
    void theFirstConverterThatRegistersWinsAndOthersKeepTheBuiltInMapping() {
        CustomConverters converters = converters("converters", "a,b", "a.type", FLAG, "a.prefix", "A:",
                "b.type", FLAG, "b.prefix", "B:", "b.types", "bool,int4");
        ColumnConverter flag = converters.converterFor("public", "t",
                new ColumnDefinition("ok", ValueConverters.BOOL, -1, true), null).orElseThrow();
        assertThat(flag.schema().name()).isEqualTo(FlagToStringConverter.SCHEMA_NAME);
        assertThat(flag.schema().isOptional()).isTrue();
        assertThat(flag.convert("t")).isEqualTo("A:true|Boolean");
        assertThat(flag.convert(null)).isNull();

        ColumnConverter count = converters.converterFor("public", "t",
                new ColumnDefinition("n", ValueConverters.INT4, -1, false), null).orElseThrow();
        assertThat(count.schema().isOptional()).isFalse();
        assertThat(count.convert("42")).isEqualTo("B:42|Integer");

        assertThat(converters.converterFor("public", "t",
                new ColumnDefinition("s", ValueConverters.TEXT, -1, true), null)).isEmpty();
    }

    @Test
    void valuesAreWhatDebeziumsPgoutputDecoderPasses() {
        assertThat(CustomConverters.streamedValue(ValueConverters.BOOL, "f")).isEqualTo(false);
        assertThat(CustomConverters.streamedValue(ValueConverters.BOOL, "true")).isEqualTo(true);
        assertThat(CustomConverters.streamedValue(ValueConverters.INT2, "7")).isEqualTo(7);
        assertThat(CustomConverters.streamedValue(ValueConverters.INT8, "7")).isEqualTo(7L);
        assertThat(CustomConverters.streamedValue(ValueConverters.FLOAT4, "1.5")).isEqualTo(1.5f);
        assertThat(CustomConverters.streamedValue(ValueConverters.FLOAT8, "1.5")).isEqualTo(1.5d);
        assertThat(CustomConverters.streamedValue(ValueConverters.NUMERIC, "1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(CustomConverters.streamedValue(ValueConverters.TEXT, "x")).isEqualTo("x");
        assertThat(CustomConverters.streamedValue(ValueConverters.DATE, "2024-05-06"))
                .isEqualTo(LocalDate.of(2024, 5, 6));
        assertThat(CustomConverters.streamedValue(ValueConverters.TIMESTAMP, "2024-05-06 07:08:09.5"))
                .isEqualTo(Instant.parse("2024-05-06T07:08:09.500Z"));
        assertThat(CustomConverters.streamedValue(ValueConverters.TIMESTAMPTZ, "2024-05-06 07:08:09+02"))
                .isEqualTo(OffsetDateTime.of(2024, 5, 6, 5, 8, 9, 0, ZoneOffset.UTC));
        assertThat(CustomConverters.streamedValue(17, "\\x0aff")).isEqualTo(new byte[] {10, -1});
        assertThat(CustomConverters.streamedValue(ValueConverters.UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                .isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    }

    @Test
    void problemsNameTheConverterKey() {
        assertThat(CustomConverters.problem(Map.of("converters", "a"))).get().asString().contains("a.type");
        assertThat(CustomConverters.problem(Map.of("converters", "a", "a.type", "no.such.Converter")))
                .get().asString().contains("a.type=no.such.Converter");
        assertThat(CustomConverters.problem(Map.of("converters", "a", "a.type", String.class.getName())))
                .get().asString().contains("is not a io.debezium.spi.converter.CustomConverter");
        assertThat(CustomConverters.problem(Map.of("converters", "a", "a.type", FLAG))).isEmpty();
        assertThat(FlagToStringConverter.CONFIGURED).isEmpty();
        assertThatThrownBy(() -> converters("converters", "a", "a.type", "no.such.Converter"))
                .hasMessageContaining("a.type");
    }

    @Test
    void tableSchemaUsesCustomConvertersForRowAndKeyAndDropsFilteredColumns() {
        CustomConverters converters = converters("converters", "c", "c.type", FLAG, "c.types", "int4,bool");
        ColumnMapping mapping = new ColumnMapping(ColumnFilter.of(List.of(), List.of("public\\.t\\.SECRET")),
                converters);
        TableDefinition table = new TableDefinition("public", "t", List.of(
                new ColumnDefinition("id", ValueConverters.INT4, -1, false),
                new ColumnDefinition("ok", ValueConverters.BOOL, -1, true),
                new ColumnDefinition("secret", ValueConverters.TEXT, -1, true),
                new ColumnDefinition("note", ValueConverters.TEXT, -1, true)), List.of("id"));
        TableSchema schema = new TableSchema("p", table, mapping.forTable("public", "t", name -> null));

        assertThat(schema.valueSchema().fields()).extracting(org.apache.kafka.connect.data.Field::name)
                .containsExactly("id", "ok", "note");
        assertThat(schema.keySchema().field("id").schema().name()).isEqualTo(FlagToStringConverter.SCHEMA_NAME);
        assertThat(schema.keySchema().field("id").schema().isOptional()).isFalse();
        assertThat(FlagToStringConverter.ASKED).extracting(RelationalColumn::name)
                .containsExactly("id", "ok", "note");

        Struct row = schema.row(List.of(TupleValue.text("1"), TupleValue.text("t"), TupleValue.text("hush"),
                TupleValue.nullValue()));
        assertThat(row.get("id")).isEqualTo("1|Integer");
        assertThat(row.get("ok")).isEqualTo("true|Boolean");
        assertThat(row.get("note")).isNull();
        assertThat(schema.key(row).get("id")).isEqualTo("1|Integer");
        assertThat(schema.valueSchema().field("ok").schema().type()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void aFilterThatDropsAKeyColumnIsRefused() {
        ColumnMapping mapping = new ColumnMapping(ColumnFilter.of(List.of("public\\.t\\.note"), List.of()),
                CustomConverters.none());
        TableDefinition table = new TableDefinition("public", "t", List.of(
                new ColumnDefinition("id", ValueConverters.INT4, -1, false),
                new ColumnDefinition("note", ValueConverters.TEXT, -1, true)), List.of("id"));
        assertThatThrownBy(() -> new TableSchema("p", table, mapping.forTable("public", "t", name -> null)))
                .hasMessageContaining("key column id").hasMessageContaining("column.include.list");
    }

    @Test
    void columnFilterMatchesWholeQualifiedNamesIgnoringCase() {
        ColumnFilter exclude = ColumnFilter.of(List.of(), List.of("public\\.customers\\.note", " .*\\.ATTRS "));
        assertThat(exclude.includes("public", "customers", "note")).isFalse();
        assertThat(exclude.includes("Public", "Customers", "NOTE")).isFalse();
        assertThat(exclude.includes("other", "t", "attrs")).isFalse();
        assertThat(exclude.includes("public", "customers", "note2")).isTrue();
        assertThat(exclude.includes("public", "customers", "id")).isTrue();
        ColumnFilter include = ColumnFilter.of(List.of("public\\.customers\\.(id|note)"), List.of());
        assertThat(include.includes("public", "customers", "id")).isTrue();
        assertThat(include.includes("public", "customers", "amount")).isFalse();
        assertThat(include.includes("public", "orders", "id")).isFalse();
        assertThat(ColumnFilter.all().includes("a", "b", "c")).isTrue();
    }
}
