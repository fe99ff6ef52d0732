package dev.tiered.connect.cdc.postgres.catalog;

import dev.tiered.connect.cdc.postgres.event.ColumnDefinition;
import dev.tiered.connect.cdc.postgres.event.ColumnMapping;
import dev.tiered.connect.cdc.postgres.event.PgType;
import dev.tiered.connect.cdc.postgres.event.TableDefinition;
import dev.tiered.connect.cdc.postgres.event.TableSchema;
import dev.tiered.connect.cdc.postgres.event.TypeSettings;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The schemas of the tables seen in the replication stream, keyed by relation id. pgoutput sends a Relation message
 * before a table's first change in a session and again after each change of its definition, so refreshing on every
 * Relation message makes added, dropped and retyped columns show up in the next event.
 *
 * <p>As Debezium's {@code PgOutputMessageDecoder.handleRelationMessage}: the columns (names, order, type OIDs and
 * modifiers) come from the message; nullability and the key come from the catalog, which is read when the message is
 * processed and so may already be newer than the message. Hence, as there, key columns the message does not have are
 * dropped, a column the catalog does not know is nullable, and when the catalog reports no key (the table was
 * dropped meanwhile) the previous schema's key columns are kept.
 */
public final class RelationCache {

    private final String topicPrefix;
    private final ColumnMapping columns;
    private final TypeSettings types;
    private final TableCatalog catalog;
    private final Map<Integer, TableSchema> schemas = new HashMap<>();

    public RelationCache(String topicPrefix, TableCatalog catalog) {
        this(topicPrefix, ColumnMapping.builtIn(), TypeSettings.DEFAULTS, catalog);
    }

    /** With the column filter and custom converters of {@code columns}, default type-handling modes. */
    public RelationCache(String topicPrefix, ColumnMapping columns, TableCatalog catalog) {
        this(topicPrefix, columns, TypeSettings.DEFAULTS, catalog);
    }

    /** With the type-handling modes of {@code types}, every column mapped by the built-in converters. */
    public RelationCache(String topicPrefix, TypeSettings types, TableCatalog catalog) {
        this(topicPrefix, ColumnMapping.builtIn(), types, catalog);
    }

    public RelationCache(String topicPrefix, ColumnMapping columns, TypeSettings types, TableCatalog catalog) {
        this.topicPrefix = topicPrefix;
        this.columns = columns;
        this.types = types;
        this.catalog = catalog;
    }

    /** Refreshes (or first learns) the schema of the relation and returns it. */
    public TableSchema apply(PgOutputMessage.Relation relation) {
        Optional<CatalogTable> table = catalog.table(relation.relationId());
        List<ColumnDefinition> columns = relation.columns().stream()
                .map(c -> column(table, c))
                .toList();
        Set<String> names = columns.stream().map(ColumnDefinition::name).collect(Collectors.toSet());
        List<String> key = table.map(CatalogTable::keyColumns).orElse(List.of());
        if (key.isEmpty() && schemas.containsKey(relation.relationId())) {
            key = schemas.get(relation.relationId()).table().primaryKey();
        }
        key = key.stream().filter(names::contains).toList();
        String namespace = relation.namespace().isEmpty() ? "pg_catalog" : relation.namespace();
        TableSchema schema = new TableSchema(topicPrefix,
                new TableDefinition(namespace, relation.name(), columns, key),
                this.columns.forTable(namespace, relation.name(), name -> table.map(t -> t.column(name)).orElse(null),
                        types));
        schemas.put(relation.relationId(), schema);
        return schema;
    }

    /** The schema of a relation seen in this session, or empty. */
    public Optional<TableSchema> get(int relationId) {
        return Optional.ofNullable(schemas.get(relationId));
    }

    /**
     * The schema of a relation seen in this session.
     *
     * @throws IllegalStateException when no Relation message described it (the stream is out of order)
     */
    public TableSchema require(int relationId) {
        TableSchema schema = schemas.get(relationId);
        if (schema == null) {
            throw new IllegalStateException("a change of relation " + Integer.toUnsignedString(relationId)
                    + " arrived before its Relation message; the replication stream is out of order");
        }
        return schema;
    }

    /**
     * A column of the message with the catalog's facts: nullability, default expression and the resolved type (enum
     * labels, array element, domain base) — the type only while the catalog still has the message's type OID.
     */
    private static ColumnDefinition column(Optional<CatalogTable> table, PgOutputMessage.RelationColumn column) {
        CatalogColumn known = table.map(t -> t.column(column.name())).orElse(null);
        boolean sameType = known != null && known.typeOid() == column.typeOid();
        return new ColumnDefinition(column.name(), column.typeOid(), column.typeModifier(),
                optional(table, column.name()), sameType ? known.type() : PgType.builtin(column.typeOid()),
                known == null ? null : known.defaultExpression());
    }

    private static boolean optional(Optional<CatalogTable> table, String column) {
        return table.map(t -> t.column(column)).map(c -> !c.notNull()).orElse(true);
    }
}
