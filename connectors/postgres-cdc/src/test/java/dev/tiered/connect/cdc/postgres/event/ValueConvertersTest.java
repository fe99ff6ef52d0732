package dev.tiered.connect.cdc.postgres.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

class ValueConvertersTest {

    private static ColumnConverter converter(int oid, int typmod, boolean optional) {
        return ValueConverters.forColumn(new ColumnDefinition("c", oid, typmod, optional));
    }

    @Test
    void timestampIsPrecisionAdaptive() {
        ColumnConverter millis = converter(ValueConverters.TIMESTAMP, 3, true);
        assertThat(millis.schema().name()).isEqualTo(DebeziumTypes.TIMESTAMP);
        assertThat(millis.convert("1970-01-01 00:00:01.5")).isEqualTo(1500L);
        ColumnConverter micros = converter(ValueConverters.TIMESTAMP, -1, true);
        assertThat(micros.schema().name()).isEqualTo(DebeziumTypes.MICRO_TIMESTAMP);
        assertThat(micros.convert("1969-12-31 23:59:59.999999")).isEqualTo(-1L);
        assertThat(micros.convert("2024-05-06 07:08:09")).isEqualTo(1_714_979_289_000_000L);
    }

    @Test
    void zonedTimestampIsUtcWithTheColumnsFractionWidth() {
        assertThat(converter(ValueConverters.TIMESTAMPTZ, -1, true).convert("2024-05-06 07:08:09.5+05:30"))
                .isEqualTo("2024-05-06T01:38:09.500000Z");
        assertThat(converter(ValueConverters.TIMESTAMPTZ, 3, true).convert("2024-05-06 07:08:09-01"))
                .isEqualTo("2024-05-06T08:08:09.000Z");
        assertThat(converter(ValueConverters.TIMESTAMPTZ, 0, true).convert("2024-05-06 07:08:09+00"))
                .isEqualTo("2024-05-06T07:08:09Z");
    }

    @Test
    void datesIncludingBeforeChrist() {
        ColumnConverter date = converter(ValueConverters.DATE, -1, true);
        assertThat(date.schema().name()).isEqualTo(DebeziumTypes.DATE);
        assertThat(date.convert("1970-01-02")).isEqualTo(1);
        assertThat(date.convert("0001-01-01 BC")).isEqualTo((int) java.time.LocalDate.of(0, 1, 1).toEpochDay());
    }

    @Test
    void decimalKeepsTheColumnScaleAndPrecision() {
        ColumnConverter numeric = converter(ValueConverters.NUMERIC, (12 << 16) + 3 + 4, true);
        assertThat(numeric.schema().parameters()).containsEntry("scale", "3")
                .containsEntry(DebeziumTypes.DECIMAL_PRECISION, "12");
        assertThat(numeric.convert("-1.5")).isEqualTo(new BigDecimal("-1.500"));
        assertThat(numeric.convert("NaN")).isNull();
    }

    @Test
    void nullInANonOptionalColumnBecomesTheFallback() {
        assertThat(converter(ValueConverters.INT4, -1, false).convert(null)).isEqualTo(0);
        assertThat(converter(ValueConverters.TEXT, -1, false).convert(null)).isEqualTo("");
        assertThat(converter(ValueConverters.TEXT, -1, true).convert(null)).isNull();
        assertThat(converter(ValueConverters.INT2, -1, true).schema()).isEqualTo(Schema.OPTIONAL_INT16_SCHEMA);
    }

    @Test
    void unsupportedTypesAreNamed() {
        assertThatThrownBy(() -> converter(3614, -1, true)).hasMessageContaining("column c")
                .hasMessageContaining("oid 3614");
    }

    @Test
    void unchangedToastInATextColumnIsDebeziumsPlaceholder() {
        TableSchema schema = new TableSchema("p", DebeziumReferenceTest.CUSTOMERS);
        List<TupleValue> row = new java.util.ArrayList<>(DebeziumReferenceTest.INSERTED);
        row.set(3, TupleValue.unchangedToast());
        assertThat(schema.row(row).get("note")).isEqualTo(TableSchema.UNAVAILABLE_VALUE);
        assertThatThrownBy(() -> schema.row(row.subList(0, 2))).hasMessageContaining("10 columns");
    }

    @Test
    void topicNamesAreSanitizedAsDebeziumDoes() {
        assertThat(TopicNames.dataChangeTopic("app", "public", "Kunden ä")).isEqualTo("app.public.Kunden__");
        assertThat(new TableSchema("p", new TableDefinition("s", "t",
                DebeziumReferenceTest.CUSTOMERS.columns(), List.of())).keySchema()).isNull();
    }
}
