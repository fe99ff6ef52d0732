package dev.tiered.connect.cdc.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.cdc.postgres.event.TableSchema;
import dev.tiered.connect.cdc.postgres.event.ValueConverters;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage.Relation;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage.RelationColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

class RelationCacheTest {

    private final Map<Integer, CatalogTable> catalog = new HashMap<>();
    private final RelationCache cache = new RelationCache("srv", id -> Optional.ofNullable(catalog.get(id)));

    @Test
    void columnsComeFromTheMessageNullabilityAndKeyFromTheCatalog() {
        catalog.put(7, table(List.of("id"), column(1, "id", true), column(2, "v", false)));
        TableSchema schema = cache.apply(relation(new RelationColumn(true, "id", ValueConverters.INT4, -1),
                new RelationColumn(false, "v", ValueConverters.INT8, -1)));

        assertThat(schema.topic()).isEqualTo("srv.public.t");
        assertThat(schema.keySchema().fields()).extracting(f -> f.name()).containsExactly("id");
        assertThat(schema.valueSchema().field("id").schema().isOptional()).isFalse();
        assertThat(schema.valueSchema().field("v").schema().type()).as("type from the message").isEqualTo(
                Schema.Type.INT64);
        assertThat(schema.valueSchema().field("v").schema().isOptional()).isTrue();
        assertThat(cache.require(7)).isSameAs(schema);
    }

    @Test
    void aNewerRelationMessageReplacesTheSchema() {
        catalog.put(7, table(List.of("id"), column(1, "id", true), column(2, "v", false)));
        cache.apply(relation(new RelationColumn(true, "id", ValueConverters.INT4, -1),
                new RelationColumn(false, "v", ValueConverters.INT4, -1)));
        catalog.put(7, table(List.of("id"), column(1, "id", true), column(3, "w", true)));
        TableSchema changed = cache.apply(relation(new RelationColumn(true, "id", ValueConverters.INT4, -1),
                new RelationColumn(false, "w", ValueConverters.TEXT, -1)));

        assertThat(changed.valueSchema().fields()).extracting(f -> f.name()).containsExactly("id", "w");
        assertThat(changed.valueSchema().field("w").schema().isOptional()).isFalse();
        assertThat(cache.require(7)).isSameAs(changed);
    }

    @Test
    void keyColumnsTheMessageLacksAreDroppedAndUnknownColumnsAreNullable() {
        catalog.put(7, table(List.of("id", "newer"), column(1, "id", true), column(2, "newer", true)));
        TableSchema schema = cache.apply(relation(new RelationColumn(true, "id", ValueConverters.INT4, -1),
                new RelationColumn(false, "older", ValueConverters.INT4, -1)));

        assertThat(schema.table().primaryKey()).containsExactly("id");
        assertThat(schema.valueSchema().field("older").schema().isOptional()).isTrue();
    }

    @Test
    void whenTheCatalogHasNoKeyThePreviousKeyIsKept() {
        catalog.put(7, table(List.of("id"), column(1, "id", true)));
        cache.apply(relation(new RelationColumn(true, "id", ValueConverters.INT4, -1)));
        catalog.remove(7);
        TableSchema schema = cache.apply(relation(new RelationColumn(true, "id", ValueConverters.INT4, -1)));

        assertThat(schema.table().primaryKey()).containsExactly("id");
        assertThat(schema.valueSchema().field("id").schema().isOptional()).as("unknown to the catalog").isTrue();
    }

    @Test
    void aTableWithoutKeyHasNoKeySchema() {
        catalog.put(7, table(List.of(), column(1, "a", false)));
        assertThat(cache.apply(relation(new RelationColumn(true, "a", ValueConverters.INT4, -1))).keySchema())
                .isNull();
    }

    @Test
    void aChangeOfAnUnknownRelationIsAnError() {
        assertThat(cache.get(9)).isEmpty();
        assertThatThrownBy(() -> cache.require(9)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relation 9");
    }

    private static Relation relation(RelationColumn... columns) {
        return new Relation(7, "public", "t", 'd', List.of(columns));
    }

    private static CatalogTable table(List<String> key, CatalogColumn... columns) {
        return new CatalogTable(7, "public", "t", 'd', List.of(columns), key);
    }

    private static CatalogColumn column(int position, String name, boolean notNull) {
        return new CatalogColumn(position, name, ValueConverters.INT4, "int4", -1, notNull, null);
    }
}
