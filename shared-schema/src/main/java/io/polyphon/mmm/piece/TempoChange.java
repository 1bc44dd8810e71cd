package io.polyphon.mmm.piece;

/**
 * A tempo from {@code tick} (grid ticks from the start of the piece) on. The model ignores tempo;
 * it is kept so a rendered file plays back as the upload did.
 */
public record TempoChange(long tick, int microsPerQuarter) {

    public static final int DEFAULT_MICROS_PER_QUARTER = 500_000;

    public TempoChange {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0: " + tick);
        if (microsPerQuarter < 1 || microsPerQuarter > 0xFFFFFF) {
            throw new IllegalArgumentException("tempo out of range: " + microsPerQuarter);
        }
    }

    public double bpm() {
        return 60_000_000.0 / microsPerQuarter;
    }
}
