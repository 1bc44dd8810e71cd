package io.polyphon.mmm.vocab;

/** One token of the Yellow language, independent of any id layout: a type and its in-domain value. */
public record Token(TokenType type, int value) {

    public Token {
        if (value < 0 || value >= type.size()) {
            throw new IllegalArgumentException(type + " value out of domain: " + value);
        }
    }

    public static Token of(TokenType type) {
        return new Token(type, 0);
    }

    @Override
    public String toString() {
        return type.size() == 1 ? type.name() : type.name() + "=" + value;
    }
}
