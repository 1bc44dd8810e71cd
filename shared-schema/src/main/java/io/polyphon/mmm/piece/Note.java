package io.polyphon.mmm.piece;

/**
 * One note on MMM's 12-ticks-per-quarter grid.
 *
 * @param onset    ticks from the start of the bar that holds the note, {@code 0 <= onset < bar length}
 * @param duration ticks from onset to release; may reach past the bar line (the encoder caps it at 96)
 * @param pitch    MIDI pitch 0..127
 * @param velocity MIDI velocity 1..127
 */
public record Note(int onset, int duration, int pitch, int velocity) {

    public Note {
        if (onset < 0) throw new IllegalArgumentException("onset must be >= 0: " + onset);
        if (duration < 1) throw new IllegalArgumentException("duration must be >= 1: " + duration);
        if (pitch < 0 || pitch > 127) throw new IllegalArgumentException("pitch out of range: " + pitch);
        if (velocity < 1 || velocity > 127) throw new IllegalArgumentException("velocity out of range: " + velocity);
    }
}
