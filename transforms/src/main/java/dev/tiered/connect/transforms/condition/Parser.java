package dev.tiered.connect.transforms.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.tiered.connect.transforms.condition.Token.Type;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.record.FieldPath.Root;

/**
 * Recursive-descent parser from tokens to evaluators.
 *
 * <pre>
 * condition  := or END
 * or         := and ('or' and)*
 * and        := unary ('and' unary)*
 * unary      := 'not' unary | '(' or ')' | predicate
 * predicate  := operand [ compare operand | ['not'] 'in' '(' literal (',' literal)* ')'
 *                       | ['not'] 'matches' string | ['not'] 'exists' ]
 * operand    := literal | path
 * path       := word ('.' word | '[' (string | index) ']')*
 * </pre>
 */
final class Parser {

    private static final Set<String> RESERVED = Set.of("and", "or", "not", "in", "matches", "exists");
    private static final String VALUE_EXPECTED = "a value (a field, a string, a number, true, false or null)";
    private static final String OPERATOR_EXPECTED =
            "an operator (==, !=, <, <=, >, >=, in, not in, matches, exists)";
    private static final String LITERAL_EXPECTED = "a literal (a string, a number, true, false or null)";

    private final String text;
    private final List<Token> tokens;
    private int at;

    private Parser(String text) {
        this.text = text;
        this.tokens = Tokenizer.tokenize(text);
    }

    static Condition parseCondition(String text) {
        Parser parser = new Parser(text);
        if (parser.peek().type == Type.END) {
            throw expected("a condition", parser.peek());
        }
        Condition condition = parser.or();
        if (parser.peek().type != Type.END) {
            throw expected("'and', 'or' or end of condition", parser.peek());
        }
        return condition;
    }

    static FieldPath parsePath(String text) {
        Parser parser = new Parser(text);
        Token first = parser.peek();
        if (first.type != Type.WORD || isReserved(first) || isLiteralWord(first)) {
            throw expected("a field path", first);
        }
        FieldPath path = parser.path();
        if (parser.peek().type != Type.END) {
            throw expected("end of path", parser.peek());
        }
        return path;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peekAfterNext() {
        return tokens.get(Math.min(at + 1, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(at);
        if (token.type != Type.END) {
            at++;
        }
        return token;
    }

    private Condition or() {
        List<Condition> operands = new ArrayList<>();
        operands.add(and());
        while (peek().is("or")) {
            next();
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Logical.Or(operands.toArray(new Condition[0]));
    }

    private Condition and() {
        List<Condition> operands = new ArrayList<>();
        operands.add(unary());
        while (peek().is("and")) {
            next();
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : new Logical.And(operands.toArray(new Condition[0]));
    }

    private Condition unary() {
        if (peek().is("not")) {
            next();
            return new Logical.Not(unary());
        }
        if (peek().type == Type.LEFT_PAREN) {
            next();
            Condition inner = or();
            Token close = next();
            if (close.type != Type.RIGHT_PAREN) {
                throw expected("')'", close);
            }
            return inner;
        }
        return predicate();
    }

    private Condition predicate() {
        Operand left = operand("a condition");
        Token token = peek();
        if (token.isComparison()) {
            next();
            Operand right = operand(VALUE_EXPECTED);
            return comparison(left, Operator.of(token), right, token);
        }
        boolean negated = false;
        Token keyword = token;
        if (token.is("not")) {
            keyword = peekAfterNext();
            if (!keyword.is("in") && !keyword.is("matches") && !keyword.is("exists")) {
                throw expected("'in', 'matches' or 'exists' after 'not'", keyword);
            }
            next();
            negated = true;
        }
        if (keyword.is("in")) {
            next();
            return inList(requireField(left, keyword), negated);
        }
        if (keyword.is("matches")) {
            next();
            return matches(requireField(left, keyword), negated);
        }
        if (keyword.is("exists")) {
            next();
            return new Comparisons.Absence(requireField(left, keyword), negated);
        }
        return bare(left, token);
    }

    /** An operand without an operator: a boolean field, or the literal true or false. */
    private static Condition bare(Operand operand, Token following) {
        if (operand.isLiteral()) {
            if (operand.kind == Kind.BOOLEAN) {
                return (Boolean) operand.literal ? Logical.Constant.TRUE : Logical.Constant.FALSE;
            }
            throw expected(OPERATOR_EXPECTED, following);
        }
        if (following.type != Type.END && following.type != Type.RIGHT_PAREN && !following.is("and")
                && !following.is("or")) {
            throw expected(OPERATOR_EXPECTED + ", 'and', 'or' or end of condition", following);
        }
        return new Comparisons.BooleanField(operand.path);
    }

    private static FieldPath requireField(Operand operand, Token keyword) {
        if (operand.isLiteral()) {
            throw new ConditionParseException("expected a field before '" + keyword.text + "' at position "
                    + operand.token.position + " but found " + operand.token.describe(), operand.token.position);
        }
        return operand.path;
    }

    private Condition comparison(Operand left, Operator operator, Operand right, Token operatorToken) {
        if (left.isLiteral() && right.isLiteral()) {
            throw new ConditionParseException("expected a field on at least one side of '" + operatorToken.text
                    + "' at position " + operatorToken.position, operatorToken.position);
        }
        if (!left.isLiteral() && !right.isLiteral()) {
            return new Comparisons.FieldWithField(left.path, operator, right.path);
        }
        FieldPath path = left.isLiteral() ? right.path : left.path;
        Operand literal = left.isLiteral() ? left : right;
        Operator normalized = left.isLiteral() ? operator.mirrored() : operator;
        if (literal.kind == Kind.NULL || literal.kind == Kind.BOOLEAN) {
            if (!operator.isEquality()) {
                throw new ConditionParseException("'" + operatorToken.text + "' cannot be used with "
                        + (literal.kind == Kind.NULL ? "null (use == null or != null)" : "a boolean (use == or !=)")
                        + " at position " + operatorToken.position, operatorToken.position);
            }
        }
        checkComparable(path, literal);
        switch (literal.kind) {
            case NULL:
                return new Comparisons.Absence(path, normalized == Operator.EQ);
            case BOOLEAN:
                boolean value = (Boolean) literal.literal;
                return new Comparisons.WithBoolean(path, normalized == Operator.EQ ? value : !value);
            case STRING:
                return new Comparisons.WithString(path, normalized, (String) literal.literal);
            default:
                return new Comparisons.WithNumber(path, normalized, (NumberLiteral) literal.literal);
        }
    }

    /** Rejects at compile time what can never work: the topic is always text, the timestamp always a number. */
    private static void checkComparable(FieldPath path, Operand literal) {
        if (literal.kind == Kind.NULL) {
            return;
        }
        if (path.root() == Root.TOPIC && literal.kind != Kind.STRING) {
            throw new ConditionParseException("topic is text and cannot be compared with " + literal.kind.description
                    + " at position " + literal.token.position, literal.token.position);
        }
        if (path.root() == Root.TIMESTAMP && literal.kind != Kind.NUMBER) {
            throw new ConditionParseException("timestamp is a number and cannot be compared with "
                    + literal.kind.description + " at position " + literal.token.position, literal.token.position);
        }
    }

    private Condition inList(FieldPath path, boolean negated) {
        int start = peek().position;
        Token open = next();
        if (open.type != Type.LEFT_PAREN) {
            throw expected("'(' after 'in'", open);
        }
        Kind kind = null;
        boolean holdsNull = false;
        Set<Object> items = new LinkedHashSet<>();
        while (true) {
            Token itemToken = peek();
            Operand item = literalOperand();
            if (item.kind == Kind.NULL) {
                holdsNull = true;
            } else if (kind == null || kind == item.kind) {
                kind = item.kind;
                checkComparable(path, item);
                items.add(item.literal);
            } else {
                throw new ConditionParseException("expected " + kind.description + " like the other list items at position "
                        + itemToken.position + " but found " + itemToken.describe(), itemToken.position);
            }
            Token separator = next();
            if (separator.type == Type.RIGHT_PAREN) {
                break;
            }
            if (separator.type != Type.COMMA) {
                throw expected("',' or ')'", separator);
            }
        }
        String listText = text.substring(start - 1, tokens.get(at - 1).position);
        if (kind == null) {
            return InList.ofNullOnly(path, negated, listText);
        }
        switch (kind) {
            case STRING: {
                Set<String> strings = new LinkedHashSet<>();
                items.forEach(item -> strings.add((String) item));
                return InList.ofStrings(path, negated, holdsNull, strings, listText);
            }
            case BOOLEAN: {
                Set<Boolean> booleans = new LinkedHashSet<>();
                items.forEach(item -> booleans.add((Boolean) item));
                return InList.ofBooleans(path, negated, holdsNull, booleans, listText);
            }
            default:
                return InList.ofNumbers(path, negated, holdsNull, items.toArray(new NumberLiteral[0]), listText);
        }
    }

    private Condition matches(FieldPath path, boolean negated) {
        Token patternToken = next();
        if (patternToken.type != Type.STRING) {
            throw expected("a regular expression in quotes after 'matches'", patternToken);
        }
        if (path.root() == Root.TIMESTAMP) {
            throw new ConditionParseException("timestamp is a number and cannot be matched against a regular expression"
                    + " at position " + patternToken.position, patternToken.position);
        }
        try {
            return new RegexMatch(path, Pattern.compile(patternToken.rawContent), negated);
        } catch (PatternSyntaxException e) {
            String near = e.getIndex() >= 0 ? " near index " + e.getIndex() + " of the pattern" : "";
            throw new ConditionParseException("invalid regular expression at position " + patternToken.position + ": "
                    + e.getDescription() + near, patternToken.position);
        }
    }

    private Operand operand(String expectation) {
        Token token = peek();
        switch (token.type) {
            case STRING:
            case NUMBER:
                return literalOperand();
            case WORD:
                if (isLiteralWord(token)) {
                    return literalOperand();
                }
                if (isReserved(token)) {
                    throw expected(expectation, token);
                }
                return new Operand(path(), token);
            default:
                throw expected(expectation, token);
        }
    }

    private Operand literalOperand() {
        Token token = next();
        switch (token.type) {
            case STRING:
                return new Operand(Kind.STRING, stringValue(token), token);
            case NUMBER:
                return new Operand(Kind.NUMBER, new NumberLiteral((BigDecimal) token.value, token.text), token);
            case WORD:
                if (token.is("true") || token.is("false")) {
                    return new Operand(Kind.BOOLEAN, token.is("true"), token);
                }
                if (token.is("null")) {
                    return new Operand(Kind.NULL, null, token);
                }
                throw expected(LITERAL_EXPECTED, token);
            default:
                throw expected(LITERAL_EXPECTED, token);
        }
    }

    private static String stringValue(Token token) {
        if (token.escapeError != null) {
            throw token.escapeError;
        }
        return (String) token.value;
    }

    private FieldPath path() {
        Token first = next();
        Root root;
        String headerName = null;
        List<Object> segments = new ArrayList<>();
        switch (first.text) {
            case "key":
                root = Root.KEY;
                break;
            case "value":
                root = Root.VALUE;
                break;
            case "topic":
                root = Root.TOPIC;
                break;
            case "timestamp":
                root = Root.TIMESTAMP;
                break;
            case "header":
                root = Root.HEADER;
                headerName = headerName();
                break;
            case "op":
            case "source":
            case "before":
            case "after":
                root = Root.ENVELOPE;
                segments.add(first.text);
                break;
            default:
                root = Root.DATA;
                segments.add(first.text);
        }
        while (true) {
            Token token = peek();
            boolean segmentFollows = token.type == Type.DOT || token.type == Type.LEFT_BRACKET;
            if (segmentFollows && (root == Root.TOPIC || root == Root.TIMESTAMP)) {
                throw new ConditionParseException(first.text + " has no fields: expected an operator at position "
                        + token.position + " but found " + token.describe(), token.position);
            }
            if (token.type == Type.DOT) {
                next();
                Token name = next();
                if (name.type != Type.WORD) {
                    throw expected("a field name after '.'", name);
                }
                segments.add(name.text);
            } else if (token.type == Type.LEFT_BRACKET) {
                next();
                segments.add(bracketedSegment());
            } else {
                break;
            }
        }
        Token last = tokens.get(at - 1);
        String pathText = text.substring(first.position - 1, last.position - 1 + last.text.length());
        return FieldPath.of(root, headerName, segments, pathText);
    }

    private String headerName() {
        Token token = next();
        if (token.type == Type.DOT) {
            Token name = next();
            if (name.type != Type.WORD) {
                throw expected("a header name after 'header.'", name);
            }
            return name.text;
        }
        if (token.type == Type.LEFT_BRACKET) {
            Token name = next();
            if (name.type != Type.STRING) {
                throw expected("a header name in quotes", name);
            }
            closeBracket();
            return stringValue(name);
        }
        throw expected("'.' or '[' and a header name after 'header'", token);
    }

    private Object bracketedSegment() {
        Token token = next();
        Object segment;
        if (token.type == Type.STRING) {
            segment = stringValue(token);
        } else if (token.type == Type.NUMBER && isIndex((BigDecimal) token.value)) {
            segment = ((BigDecimal) token.value).intValueExact();
        } else {
            throw expected("a field name in quotes or a list index", token);
        }
        closeBracket();
        return segment;
    }

    private void closeBracket() {
        Token close = next();
        if (close.type != Type.RIGHT_BRACKET) {
            throw expected("']'", close);
        }
    }

    private static boolean isIndex(BigDecimal number) {
        try {
            return number.signum() >= 0 && number.intValueExact() >= 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    private static boolean isReserved(Token token) {
        return token.type == Type.WORD && RESERVED.contains(token.text.toLowerCase(Locale.ROOT));
    }

    private static boolean isLiteralWord(Token token) {
        return token.is("true") || token.is("false") || token.is("null");
    }

    private static ConditionParseException expected(String what, Token found) {
        return new ConditionParseException(
                "expected " + what + " at position " + found.position + " but found " + found.describe(), found.position);
    }

    private enum Kind {
        STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), NULL("null");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** A parsed operand: a field path, or a literal of some kind. */
    private static final class Operand {
        final FieldPath path;
        final Kind kind;
        final Object literal;
        final Token token;

        Operand(FieldPath path, Token token) {
            this.path = path;
            this.kind = null;
            this.literal = null;
            this.token = token;
        }

        Operand(Kind kind, Object literal, Token token) {
            this.path = null;
            this.kind = kind;
            this.literal = literal;
            this.token = token;
        }

        boolean isLiteral() {
            return path == null;
        }
    }
}
