package io.polyphon.mmm.vocab;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Maps Yellow tokens to ids and back in one {@link IdLayout}: id = offset of the type + value. */
public final class Vocabulary {

    /** Number of tokens in the Yellow vocabulary. */
    public static final int SIZE = 647;

    private static final Map<IdLayout, Vocabulary> BY_LAYOUT = new EnumMap<>(IdLayout.class);

    static {
        for (IdLayout layout : IdLayout.values()) BY_LAYOUT.put(layout, new Vocabulary(layout));
    }

    private final IdLayout layout;
    private final int[] offsets = new int[TokenType.values().length];
    private final Token[] tokens = new Token[SIZE];

    private Vocabulary(IdLayout layout) {
        this.layout = layout;
        int offset = 0;
        for (TokenType type : layout.order()) {
            offsets[type.ordinal()] = offset;
            for (int v = 0; v < type.size(); v++) tokens[offset + v] = new Token(type, v);
            offset += type.size();
        }
        if (offset != SIZE) throw new IllegalStateException("Yellow has " + SIZE + " tokens, layout sums to " + offset);
    }

    public static Vocabulary of(IdLayout layout) {
        return BY_LAYOUT.get(layout);
    }

    public IdLayout layout() {
        return layout;
    }

    public int id(Token token) {
        return offsets[token.type().ordinal()] + token.value();
    }

    public int id(TokenType type, int value) {
        return offsets[type.ordinal()] + value;
    }

    /** First id of a type; its ids are {@code offset(type) .. offset(type) + type.size() - 1}. */
    public int offset(TokenType type) {
        return offsets[type.ordinal()];
    }

    public Token token(int id) {
        if (id < 0 || id >= SIZE) throw new IllegalArgumentException("token id out of range: " + id);
        return tokens[id];
    }

    public int[] ids(List<Token> sequence) {
        int[] ids = new int[sequence.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = id(sequence.get(i));
        return ids;
    }

    public List<Token> tokens(int[] ids) {
        Token[] out = new Token[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = token(ids[i]);
        return List.of(out);
    }
}
