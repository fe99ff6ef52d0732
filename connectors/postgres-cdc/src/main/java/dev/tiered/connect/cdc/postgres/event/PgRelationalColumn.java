package dev.tiered.connect.cdc.postgres.event;

import dev.tiered.connect.cdc.postgres.catalog.CatalogColumn;
import io.debezium.spi.converter.RelationalColumn;
import java.sql.Types;
import java.util.OptionalInt;
import java.util.Set;
import org.postgresql.jdbc.TypeInfoCache;

/**
 * The {@link RelationalColumn} a custom converter's {@code converterFor} sees, with the values Debezium's PostgreSQL
 * connector gives it (pgoutput: {@code PgOutputMessageDecoder.resolveRelationFromMetadata} → {@code ColumnMetaData},
 * wrapped by {@code CustomConverterRegistry.registerConverterFor}):
 * <ul>
 * <li>{@code dataCollection}: {@code <schema>.<table>} ({@code TableId.toString()} without catalog);</li>
 * <li>{@code typeName}: the driver's type name ({@code pg_type.typname}, {@code serial}/{@code bigserial}/
 * {@code smallserial} for an int column defaulting to {@code nextval(...)}, as pgjdbc's {@code getColumns} reports);</li>
 * <li>{@code typeExpression}: typeName plus {@code (length,scale)} unless length is the type's default and scale 0;</li>
 * <li>{@code length}/{@code scale}: pgjdbc's {@code TypeInfoCache.getPrecision}/{@code getScale} of the type OID and
 * modifier (display size when the precision is 0), e.g. 10/0 for int4, 255/0 for varchar(255), 10/2 for
 * numeric(10,2);</li>
 * <li>{@code jdbcType}: pgjdbc's {@code getSQLType} for the driver's core types ({@link Types#OTHER} for other
 * types, {@link Types#ARRAY} for arrays); {@code nativeType}: the type OID;</li>
 * <li>{@code isOptional}: nullable in the catalog; {@code hasDefaultValue}: the catalog has a default expression.
 * {@code defaultValue} is always null: unlike Debezium we do not evaluate default expressions yet.</li>
 * </ul>
 */
record PgRelationalColumn(String dataCollection, String name, String typeName, String typeExpression, int jdbcType,
        int nativeType, int lengthValue, int scaleValue, boolean isOptional, boolean hasDefaultValue)
        implements RelationalColumn {

    /**
     * pgjdbc's static type table. Only the connection-free lookups of core types are used (the connection, null, is
     * only consulted for types outside that table, which we never ask it about).
     */
    private static final TypeInfoCache TYPES = new TypeInfoCache(null, Integer.MAX_VALUE);
    private static final Set<String> CORE_TYPES = Set.copyOf(list(TYPES.getPGTypeNamesWithSQLTypes()));

    static PgRelationalColumn of(String schema, String table, ColumnDefinition column, CatalogColumn catalog) {
        int oid = column.typeOid();
        int typmod = column.typeModifier();
        // The catalog may already describe a newer definition than the Relation message: use it only if it agrees.
        CatalogColumn facts = catalog != null && catalog.typeOid() == oid ? catalog : null;
        String baseName = facts != null ? facts.typeName() : coreName(oid);
        String defaultExpression = facts != null ? facts.defaultExpression() : null;
        String driverName = serial(baseName, defaultExpression);
        int defaultLength = length(oid, -1);
        int length = typmod < 0 ? defaultLength : length(oid, typmod);
        int scale = safe(() -> TYPES.getScale(oid, typmod));
        String expression = length == defaultLength && scale == 0 ? driverName
                : driverName + "(" + length + "," + scale + ")";
        return new PgRelationalColumn(schema + "." + table, column.name(), driverName, expression,
                jdbcType(baseName), oid, length, scale, column.optional(), defaultExpression != null);
    }

    @Override
    public OptionalInt length() {
        return lengthValue < 0 ? OptionalInt.empty() : OptionalInt.of(lengthValue);
    }

    @Override
    public OptionalInt scale() {
        return OptionalInt.of(scaleValue);
    }

    /** Debezium passes the parsed default value; we do not evaluate default expressions yet. */
    @Override
    public Object defaultValue() {
        return null;
    }

    private static int length(int oid, int typmod) {
        int size = safe(() -> TYPES.getPrecision(oid, typmod));
        return size != 0 ? size : safe(() -> TYPES.getDisplaySize(oid, typmod));
    }

    private static String serial(String typeName, String defaultExpression) {
        if (defaultExpression == null || !defaultExpression.contains("nextval(")) {
            return typeName;
        }
        return switch (typeName) {
            case "int4" -> "serial";
            case "int8" -> "bigserial";
            case "int2" -> "smallserial";
            default -> typeName;
        };
    }

    private static int jdbcType(String typeName) {
        if (CORE_TYPES.contains(typeName)) {
            return safe(() -> TYPES.getSQLType(typeName));
        }
        return typeName.startsWith("_") || typeName.endsWith("[]") ? Types.ARRAY : Types.OTHER;
    }

    /** The name of a core type (the catalog knows all others), else {@code oid:<n>}. */
    private static String coreName(int oid) {
        for (String name : CORE_TYPES) {
            if (name.endsWith("[]")) {
                continue; // the same array type as its "_" name, which is pg_type's
            }
            try {
                if (TYPES.getPGType(name) == oid) {
                    return name;
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                // not in the static table: cannot be the one
            }
        }
        return "oid:" + Integer.toUnsignedString(oid);
    }

    private interface IntLookup {
        int get() throws java.sql.SQLException;
    }

    private static int safe(IntLookup lookup) {
        try {
            return lookup.get();
        } catch (java.sql.SQLException | RuntimeException e) {
            return 0; // a type outside pgjdbc's static table, which would need a connection
        }
    }

    private static <T> java.util.List<T> list(java.util.Iterator<T> iterator) {
        java.util.List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
