package dev.tiered.connect.cdc.postgres.event;

/**
 * A captured column: its name, type OID and type modifier (as pgoutput's Relation message and {@code pg_attribute}
 * report them), whether it is nullable, its type (resolved in the catalog: enums, arrays, domains → base type) and its
 * default expression ({@code pg_get_expr}, null when none). pgoutput does not send nullability or defaults: they come
 * from the catalog, as Debezium takes them from JDBC metadata.
 */
public record ColumnDefinition(String name, int typeOid, int typeModifier, boolean optional, PgType type,
        String defaultExpression) {

    /** A column of a built-in type without a default. */
    public ColumnDefinition(String name, int typeOid, int typeModifier, boolean optional) {
        this(name, typeOid, typeModifier, optional, PgType.builtin(typeOid), null);
    }

    public ColumnDefinition {
        if (type == null) {
            type = PgType.builtin(typeOid);
        }
    }
}
