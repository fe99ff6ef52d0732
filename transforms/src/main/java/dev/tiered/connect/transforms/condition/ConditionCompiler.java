package dev.tiered.connect.transforms.condition;

import java.util.Objects;

import dev.tiered.connect.transforms.record.FieldPath;

/**
 * Compiles the Tiered Connect condition language. Compilation happens once, at configuration time; evaluation never
 * parses anything.
 *
 * <h2>Operands</h2>
 * <ul>
 *   <li>{@code amount}, {@code payload.country}, {@code items[0].sku}, {@code payload['weird.key']}: fields of the
 *       value; for a Debezium change event, fields of {@code after} (of {@code before} when {@code op = 'd'}).</li>
 *   <li>{@code op}, {@code source.table}, {@code source.schema}, {@code source.db}, {@code source.<f>},
 *       {@code before.<f>}, {@code after.<f>}: the change-event envelope (plain value fields when the value is not
 *       a change event).</li>
 *   <li>{@code value} (the whole value, never unwrapped), {@code value.<f>}; {@code key}, {@code key.<f>};
 *       {@code topic}; {@code timestamp} (epoch ms); {@code header.<name>} or {@code header['any.name']} (the last
 *       header with that name; a name is letters, digits, {@code _} and {@code -}).</li>
 * </ul>
 * Root names are lowercase and case-sensitive; a value field that shares one ({@code key}, {@code topic}, ...) is
 * reached as {@code value.key} or {@code value['key']}.
 *
 * <h2>Literals and operators</h2>
 * Strings in single or double quotes with backslash escapes ({@code \\ \' \" \n \t \r \b \f \/ \\uXXXX}); numbers
 * ({@code 42}, {@code -1.5}, {@code 2e3}); {@code true}, {@code false}, {@code null}. Operators
 * {@code == != < <= > >=}, {@code in (...)}, {@code not in (...)}, {@code matches '<regex>'} (whole text, Java
 * syntax; backslashes in the pattern are passed to the regex engine unchanged), {@code not matches},
 * {@code exists}, {@code not exists}, {@code and}, {@code or}, {@code not} and parentheses. Keywords are
 * case-insensitive. Comparisons bind tightest, then {@code not} (which applies to the comparison or parenthesised
 * condition after it), then {@code and}, then {@code or}: {@code not a == 1 and b} is {@code (not (a == 1)) and b}.
 * A field on its own, like {@code b}, is true when it holds the boolean {@code true}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A missing or null field makes every comparison false, {@code !=} and {@code not in} included;
 *       {@code x == null} is true for missing or null, {@code exists} is true for present and non-null.</li>
 *   <li>Numbers compare numerically across all Java number types (and Connect Date/Timestamp as epoch ms); text
 *       lexicographically; booleans only with {@code ==} and {@code !=}.</li>
 *   <li>Key and value fields are typed strictly: comparing a number with text, text with a Struct, and so on is an
 *       evaluation error ({@link dev.tiered.connect.transforms.record.EvaluationException}), not a silent false,
 *       so schema drift is seen. Header values are text by nature, so a text header is converted to the literal's
 *       type and is an error only if it does not convert. byte[] reads as UTF-8 text.</li>
 * </ul>
 */
public final class ConditionCompiler {

    private ConditionCompiler() {
    }

    /**
     * @throws ConditionParseException naming the 1-based position of the problem and what was expected there
     */
    public static Condition compile(String condition) {
        return Parser.parseCondition(Objects.requireNonNull(condition, "condition"));
    }

    /**
     * Compiles a single operand path, such as a score field: {@code priority}, {@code payload.priority},
     * {@code header.x-priority}.
     *
     * @throws ConditionParseException naming the 1-based position of the problem and what was expected there
     */
    public static FieldPath compilePath(String path) {
        return Parser.parsePath(Objects.requireNonNull(path, "path"));
    }
}
