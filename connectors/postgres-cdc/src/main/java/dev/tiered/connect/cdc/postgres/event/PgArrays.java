package dev.tiered.connect.cdc.postgres.event;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses PostgreSQL's text output of a one-dimensional array ({@code {a,"b c",NULL,"q\"t"}}, optionally preceded by
 * bounds such as {@code [0:1]=}) into its element texts, SQL NULL elements as null. Nested (multi-dimensional) arrays
 * are flattened in order.
 */
final class PgArrays {

    private PgArrays() {
    }

    static List<String> parse(String text) {
        int start = text.indexOf('{');
        if (start < 0) {
            throw new IllegalArgumentException("not an array: " + text);
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean pending = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length()) {
                    item.append(text.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    item.append(c);
                }
                continue;
            }
            switch (c) {
                case '{' -> pending = false;
                case '"' -> {
                    quoted = true;
                    wasQuoted = true;
                    pending = true;
                }
                case ',', '}' -> {
                    if (pending) {
                        String value = item.toString().strip();
                        items.add(!wasQuoted && value.equalsIgnoreCase("NULL") ? null : wasQuoted ? item.toString()
                                : value);
                    }
                    item.setLength(0);
                    wasQuoted = false;
                    pending = false;
                }
                case '\\' -> {
                    if (i + 1 < text.length()) {
                        item.append(text.charAt(++i));
                        pending = true;
                    }
                }
                default -> {
                    if (!Character.isWhitespace(c) || pending) {
                        item.append(c);
                        pending = true;
                    }
                }
            }
        }
        return items;
    }
}
