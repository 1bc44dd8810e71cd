package io.polyphon.mmm.piece;

import java.util.Arrays;

/**
 * How MIDI ticks are brought onto the 12-ticks-per-quarter grid, named by a model's metadata: the reference
 * tokenizer (MIDI-GPT 0.3.2) has two reading paths and a checkpoint only hears what it was trained on.
 */
public enum ReadingGrid {
    /** Onsets and releases rounded straight onto 12 tpq: {@code MidiReader(12)}, the original Yellow, legacy MMM. */
    ROUND("round"),
    /** Read at 480 tpq (rounded), then onsets and durations truncated to 12: the 2026 MIDI-GPT training path. */
    TRUNCATE("truncate");

    /** Ticks per quarter of the truncate path's first reading. */
    public static final int TRUNCATE_READ_TPQ = 480;

    private final String gridName;

    ReadingGrid(String gridName) {
        this.gridName = gridName;
    }

    /** The name model metadata, settings and the command line use: {@code round} or {@code truncate}. */
    public String gridName() {
        return gridName;
    }

    public static ReadingGrid byName(String name) {
        return Arrays.stream(values())
                .filter(g -> g.gridName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown reading grid '" + name + "' (expected round or truncate)"));
    }

    /**
     * A file tick at {@code ticksPerQuarter} on the 12-tpq grid. Round: ⌊t·12/tpq + ½⌋. Truncate: ⌊t·480/tpq + ½⌋
     * (the first reading rounds), then ⌊·/40⌋.
     */
    public long onGrid(long tick, int ticksPerQuarter) {
        return switch (this) {
            case ROUND -> roundHalfUp(tick * Piece.TICKS_PER_QUARTER, ticksPerQuarter);
            case TRUNCATE -> Math.floorDiv(at480(tick, ticksPerQuarter), TRUNCATE_READ_TPQ / Piece.TICKS_PER_QUARTER);
        };
    }

    /**
     * The grid duration of a note held from file tick {@code onset} to {@code release}, at least 1 tick (zero-length
     * notes are kept). Round: the rounded release minus the rounded onset. Truncate: the 480-tpq length, truncated.
     */
    public int duration(long onset, long release, int ticksPerQuarter) {
        long ticks = switch (this) {
            case ROUND -> onGrid(release, ticksPerQuarter) - onGrid(onset, ticksPerQuarter);
            case TRUNCATE -> (at480(release, ticksPerQuarter) - at480(onset, ticksPerQuarter))
                    / (TRUNCATE_READ_TPQ / Piece.TICKS_PER_QUARTER);
        };
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ticks));
    }

    private static long at480(long tick, int ticksPerQuarter) {
        return roundHalfUp(tick * TRUNCATE_READ_TPQ, ticksPerQuarter);
    }

    private static long roundHalfUp(long numerator, int denominator) {
        return Math.floorDiv(2 * numerator + denominator, 2L * denominator);
    }
}
