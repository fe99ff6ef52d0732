package dev.tiered.connect.cdc.postgres.catalog;

import dev.tiered.connect.cdc.postgres.event.PgType;

/**
 * A column as {@code pg_attribute} describes it: attribute number, name, type (OID and {@code pg_type.typname}), type
 * modifier ({@code atttypmod}, -1 when none), NOT NULL, and the default expression ({@code pg_get_expr} of
 * {@code pg_attrdef.adbin}, null when the column has no default), and the type the mapping uses (domains resolved
 * to their base type, array element types, enum labels).
 */
public record CatalogColumn(int position, String name, int typeOid, String typeName, int typeModifier,
        boolean notNull, String defaultExpression, PgType type) {

    /** A column of a built-in type ({@link PgType#builtin(int)}). */
    public CatalogColumn(int position, String name, int typeOid, String typeName, int typeModifier, boolean notNull,
            String defaultExpression) {
        this(position, name, typeOid, typeName, typeModifier, notNull, defaultExpression, PgType.builtin(typeOid));
    }

    private static final int VARHDRSZ = 4;

    /**
     * The declared length or precision the type modifier encodes, as JDBC metadata reports it: characters of
     * varchar/bpchar, bits of bit/varbit, precision of numeric, fractional-second digits of the time types; null
     * when the type has no modifier or none was declared.
     */
    public Integer length() {
        if (typeModifier < 0) {
            return null;
        }
        return switch (typeName) {
            case "varchar", "bpchar" -> typeModifier - VARHDRSZ;
            case "numeric" -> ((typeModifier - VARHDRSZ) >> 16) & 0xffff;
            case "bit", "varbit", "timestamp", "timestamptz", "time", "timetz" -> typeModifier;
            default -> null;
        };
    }

    /** The scale of a numeric column declared with one; null otherwise. */
    public Integer scale() {
        return typeModifier >= 0 && "numeric".equals(typeName) ? (typeModifier - VARHDRSZ) & 0xffff : null;
    }
}
