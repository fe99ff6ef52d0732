package dev.tiered.connect.cdc.postgres.event;

import java.util.List;
import java.util.Map;

/**
 * A column's PostgreSQL type as the mapping needs it: OID, {@code pg_type.typname}, {@code typtype} ({@code b} base,
 * {@code e} enum, {@code r} range, {@code d} domain — domains are resolved to their base type before they get here,
 * as Debezium maps a domain column by its root type), the element type of an array, and an enum's labels in sort
 * order. Built-in types have fixed OIDs ({@link #builtin(int)}); enums, hstore and other extension types are read from
 * the catalog.
 */
public record PgType(int oid, String name, char kind, PgType element, List<String> enumLabels) {

    public PgType {
        enumLabels = enumLabels == null ? List.of() : List.copyOf(enumLabels);
    }

    /** Built-in scalar types by OID (pg_type.oid is fixed for these). */
    private static final Map<Integer, String> BUILTIN = Map.ofEntries(
            Map.entry(16, "bool"), Map.entry(17, "bytea"), Map.entry(18, "char"), Map.entry(19, "name"),
            Map.entry(20, "int8"), Map.entry(21, "int2"), Map.entry(23, "int4"), Map.entry(25, "text"),
            Map.entry(26, "oid"), Map.entry(114, "json"), Map.entry(142, "xml"), Map.entry(600, "point"),
            Map.entry(650, "cidr"), Map.entry(700, "float4"), Map.entry(701, "float8"), Map.entry(774, "macaddr8"),
            Map.entry(790, "money"), Map.entry(829, "macaddr"), Map.entry(869, "inet"), Map.entry(1042, "bpchar"),
            Map.entry(1043, "varchar"), Map.entry(1082, "date"), Map.entry(1083, "time"),
            Map.entry(1114, "timestamp"), Map.entry(1184, "timestamptz"), Map.entry(1186, "interval"),
            Map.entry(1266, "timetz"), Map.entry(1560, "bit"), Map.entry(1562, "varbit"), Map.entry(1700, "numeric"),
            Map.entry(2950, "uuid"), Map.entry(3802, "jsonb"), Map.entry(3904, "int4range"),
            Map.entry(3906, "numrange"), Map.entry(3908, "tsrange"), Map.entry(3910, "tstzrange"),
            Map.entry(3912, "daterange"), Map.entry(3926, "int8range"));

    /** Built-in array types by OID → element OID. */
    private static final Map<Integer, Integer> BUILTIN_ARRAYS = Map.ofEntries(
            Map.entry(1000, 16), Map.entry(1001, 17), Map.entry(1002, 18), Map.entry(1003, 19), Map.entry(1005, 21),
            Map.entry(1007, 23), Map.entry(1009, 25), Map.entry(1014, 1042), Map.entry(1015, 1043),
            Map.entry(1016, 20), Map.entry(1021, 700), Map.entry(1022, 701), Map.entry(1028, 26),
            Map.entry(1040, 829), Map.entry(775, 774), Map.entry(1041, 869), Map.entry(651, 650),
            Map.entry(1115, 1114), Map.entry(1182, 1082), Map.entry(1183, 1083), Map.entry(1185, 1184),
            Map.entry(1187, 1186), Map.entry(1231, 1700), Map.entry(1270, 1266), Map.entry(199, 114),
            Map.entry(143, 142), Map.entry(791, 790), Map.entry(1561, 1560), Map.entry(1563, 1562),
            Map.entry(2951, 2950), Map.entry(3807, 3802), Map.entry(3905, 3904), Map.entry(3907, 3906),
            Map.entry(3909, 3908), Map.entry(3911, 3910), Map.entry(3913, 3912), Map.entry(3927, 3926),
            Map.entry(1017, 600));

    /** A built-in type by OID; an unknown OID gives a base type named {@code oid<N>} that maps to nothing. */
    public static PgType builtin(int oid) {
        Integer element = BUILTIN_ARRAYS.get(oid);
        if (element != null) {
            PgType elementType = builtin(element);
            return new PgType(oid, "_" + elementType.name(), 'b', elementType, List.of());
        }
        return new PgType(oid, BUILTIN.getOrDefault(oid, "oid" + Integer.toUnsignedString(oid)), 'b', null, List.of());
    }

    public boolean isArray() {
        return element != null;
    }

    public boolean isEnum() {
        return kind == 'e';
    }
}
