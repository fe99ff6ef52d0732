package dev.tiered.connect.cdc.postgres.stream;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code table.include.list}/{@code table.exclude.list}: regular expressions that must match a whole
 * {@code <schema>.<table>} name (Debezium's {@code Selectors.tableSelector}, case-sensitive). Empty lists capture every
 * table.
 */
public record TableFilter(List<Pattern> include, List<Pattern> exclude) {

    public static TableFilter of(List<String> include, List<String> exclude) {
        return new TableFilter(compile(include), compile(exclude));
    }

    public static TableFilter all() {
        return new TableFilter(List.of(), List.of());
    }

    public boolean captures(String schema, String table) {
        String name = schema + "." + table;
        if (!include.isEmpty()) {
            return include.stream().anyMatch(p -> p.matcher(name).matches());
        }
        return exclude.stream().noneMatch(p -> p.matcher(name).matches());
    }

    private static List<Pattern> compile(List<String> patterns) {
        return patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).map(Pattern::compile).toList();
    }
}
