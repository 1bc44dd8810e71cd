package io.polyphon.mmm.vocab;

import java.util.Arrays;
import java.util.List;

/**
 * The two published id layouts of the same 647 Yellow tokens: the legacy MMM_API / TorchScript order and
 * the 2026 MIDI-GPT (Hugging Face safetensors) order. Values keep their order within a type in both.
 */
public enum IdLayout {
    LEGACY("legacy", List.of(TokenType.values())),
    MIDIGPT_2026("2026", List.of(
            TokenType.PIECE_START, TokenType.TRACK, TokenType.TRACK_END, TokenType.BAR, TokenType.BAR_END,
            TokenType.TIME_SIGNATURE, TokenType.INSTRUMENT, TokenType.NUM_BARS, TokenType.NOTE_ONSET,
            TokenType.NOTE_DURATION, TokenType.TIME_ABSOLUTE, TokenType.VELOCITY_LEVEL,
            TokenType.FILL_IN_PLACEHOLDER, TokenType.FILL_IN_START, TokenType.FILL_IN_END,
            TokenType.DENSITY_LEVEL, TokenType.MIN_POLYPHONY, TokenType.MAX_POLYPHONY,
            TokenType.MIN_NOTE_DURATION, TokenType.MAX_NOTE_DURATION));

    private final String layoutName;
    private final List<TokenType> order;

    IdLayout(String layoutName, List<TokenType> order) {
        this.layoutName = layoutName;
        this.order = order;
    }

    /** The name a model's metadata and the command line use: {@code legacy} or {@code 2026}. */
    public String layoutName() {
        return layoutName;
    }

    /** Token types in id order. */
    public List<TokenType> order() {
        return order;
    }

    public static IdLayout byName(String name) {
        return Arrays.stream(values())
                .filter(l -> l.layoutName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown id layout '" + name + "' (expected legacy or 2026)"));
    }
}
