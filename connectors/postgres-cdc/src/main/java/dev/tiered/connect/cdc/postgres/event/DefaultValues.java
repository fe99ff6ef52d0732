package dev.tiered.connect.cdc.postgres.event;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's schema default from its default expression ({@code pg_get_expr}), as Debezium's
 * {@code PostgresDefaultValueConverter} derives it: only for the types it has a mapper for; a literal
 * ({@code 42}, {@code 'x'::character varying}, {@code B'101'::"bit"}) is taken from the expression, a function call
 * or {@code CURRENT_TIMESTAMP}-like keyword gives the type's placeholder (0, empty string, epoch), {@code NULL::type}
 * gives none; the text is then converted like a value of the column. Struct values (VariableScaleDecimal, Point) are
 * never defaults (KAFKA-12694).
 */
final class DefaultValues {

    private static final Pattern LITERAL = Pattern.compile("'([^']*(?:''[^']*)*)'");
    private static final Pattern FUNCTION = Pattern.compile("^[(]?[A-Za-z0-9_.]+\\((?:.+(?:, ?.+)*)?\\)");
    private static final Set<String> CURRENT_DATE_TIMES = Set.of("current_timestamp", "current_time", "current_date",
            "localtime", "localtimestamp");

    private DefaultValues() {
    }

    /** The converted default of a column, or null when it has none Debezium would emit. */
    static Object parse(ColumnDefinition column, Function<String, Object> fromText) {
        String expression = column.defaultExpression();
        if (expression == null) {
            return null;
        }
        PgType type = column.type();
        String generated = type.isEnum() ? null : generatedPlaceholder(type.name());
        if (generated == null && !type.isEnum()) {
            return null; // no mapper in Debezium: bytea, arrays, ranges, inet, money, ...
        }
        try {
            String text;
            if (type.isEnum()) {
                int cast = expression.lastIndexOf("::");
                String literal = cast < 0 ? null : expression.substring(0, cast);
                if (literal == null || !literal.startsWith("'") || !literal.endsWith("'")) {
                    return null;
                }
                text = literal.substring(1, literal.length() - 1);
            } else {
                text = extract(expression.trim(), generated);
            }
            if (text == null) {
                return null;
            }
            if ("bpchar".equals(type.name())) {
                return text; // Debezium passes the literal through as is, unpadded
            }
            if ("bool".equals(type.name())) {
                text = Boolean.parseBoolean(text) ? "t" : "f"; // the value converter reads PostgreSQL's t/f
            }
            Object value = fromText.apply(text);
            return value instanceof org.apache.kafka.connect.data.Struct ? null : value;
        } catch (RuntimeException e) {
            return null; // Debezium: "Cannot parse column default value", no default
        }
    }

    /** Debezium's placeholder text for a generated default of a type it parses defaults for; null: no mapper. */
    private static String generatedPlaceholder(String typeName) {
        return switch (typeName) {
            case "bit" -> "00";
            case "varbit", "int2", "int4", "int8" -> "0";
            case "bool" -> "false";
            case "bpchar", "varchar", "text", "xml" -> "";
            case "numeric", "float4", "float8" -> "0.0";
            case "json", "jsonb" -> "{}";
            case "uuid" -> "00000000-0000-0000-0000-000000000000";
            case "date" -> "1970-01-01";
            case "time" -> "00:00:00";
            case "interval" -> "00:00:00";
            case "timestamp" -> "1970-01-01 00:00:00";
            case "timestamptz" -> "1970-01-01 00:00:00+00";
            default -> null;
        };
    }

    private static String extract(String expression, String generated) {
        Matcher function = FUNCTION.matcher(expression);
        if (function.find() || CURRENT_DATE_TIMES.contains(expression.toLowerCase(Locale.ROOT))) {
            return generated;
        }
        if (!expression.contains("'")) {
            return expression.startsWith("NULL::") ? null : expression;
        }
        if (expression.startsWith("NULL::")) {
            return null;
        }
        Matcher literal = LITERAL.matcher(expression);
        return literal.find() ? literal.group(1).replace("''", "'") : null;
    }
}
