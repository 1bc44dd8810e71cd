package io.polyphon.mmm.vocab;

/**
 * The token types of MMM's Yellow vocabulary with their domain sizes, declared in the legacy
 * (MMM_API) id order. 647 tokens in all.
 */
public enum TokenType {
    PIECE_START(2),
    NUM_BARS(2),
    BAR(1),
    BAR_END(1),
    TIME_SIGNATURE(36),
    TRACK(2),
    TRACK_END(1),
    INSTRUMENT(109),
    NOTE_ONSET(128),
    NOTE_DURATION(96),
    TIME_ABSOLUTE(192),
    FILL_IN_PLACEHOLDER(1),
    FILL_IN_START(1),
    FILL_IN_END(1),
    MIN_NOTE_DURATION(6),
    MAX_NOTE_DURATION(6),
    MIN_POLYPHONY(10),
    MAX_POLYPHONY(10),
    DENSITY_LEVEL(10),
    VELOCITY_LEVEL(32);

    private final int size;

    TokenType(int size) {
        this.size = size;
    }

    /** Number of values of this type. */
    public int size() {
        return size;
    }
}
