package dev.tiered.connect.transforms.condition;

import dev.tiered.connect.transforms.record.Values;

/** A comparison operator, applied to the result of a three-way comparison. */
enum Operator {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    static Operator of(Token token) {
        switch (token.type) {
            case EQ: return EQ;
            case NE: return NE;
            case LT: return LT;
            case LE: return LE;
            case GT: return GT;
            case GE: return GE;
            default: throw new IllegalArgumentException("Not a comparison: " + token);
        }
    }

    boolean isEquality() {
        return this == EQ || this == NE;
    }

    /** The operator that gives the same answer with the operands swapped: {@code 5 < x} is {@code x > 5}. */
    Operator mirrored() {
        switch (this) {
            case LT: return GT;
            case LE: return GE;
            case GT: return LT;
            case GE: return LE;
            default: return this;
        }
    }

    /** @param comparison negative, zero, positive, or {@link Values#UNORDERED} (NaN: only != holds) */
    boolean test(int comparison) {
        if (comparison == Values.UNORDERED) {
            return this == NE;
        }
        switch (this) {
            case EQ: return comparison == 0;
            case NE: return comparison != 0;
            case LT: return comparison < 0;
            case LE: return comparison <= 0;
            case GT: return comparison > 0;
            default: return comparison >= 0;
        }
    }

    @Override
    public String toString() {
        return symbol;
    }
}
