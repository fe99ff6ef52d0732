package dev.tiered.connect.cdc.postgres.event;

/**
 * A captured column: its name, type OID and type modifier (as pgoutput's Relation message and {@code pg_attribute}
 * report them) and whether it is nullable. pgoutput does not send nullability: it comes from the catalog
 * ({@code pg_attribute.attnotnull}), as Debezium takes it from JDBC metadata.
 */
public record ColumnDefinition(String name, int typeOid, int typeModifier, boolean optional) { }
