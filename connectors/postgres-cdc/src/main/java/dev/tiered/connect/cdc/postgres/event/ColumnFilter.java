package dev.tiered.connect.cdc.postgres.event;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code column.include.list}/{@code column.exclude.list} as Debezium's {@code Tables.ColumnNameFilterFactory} applies
 * them to PostgreSQL ({@code ColumnFilterMode.SCHEMA}): regular expressions that must match the whole
 * {@code <schema>.<table>.<column>}, case-insensitively ({@code Predicates.includes} compiles with
 * {@code CASE_INSENSITIVE}). An include list keeps only matching columns, an exclude list drops them; both empty keep
 * every column.
 */
public record ColumnFilter(List<Pattern> include, List<Pattern> exclude) {

    public ColumnFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static ColumnFilter of(List<String> include, List<String> exclude) {
        return new ColumnFilter(compile(include), compile(exclude));
    }

    public static ColumnFilter all() {
        return new ColumnFilter(List.of(), List.of());
    }

    public boolean includes(String schema, String table, String column) {
        String name = schema + "." + table + "." + column;
        if (!include.isEmpty()) {
            return include.stream().anyMatch(p -> p.matcher(name).matches());
        }
        return exclude.stream().noneMatch(p -> p.matcher(name).matches());
    }

    private static List<Pattern> compile(List<String> patterns) {
        return patterns.stream().map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
    }
}
