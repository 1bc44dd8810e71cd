package io.polyphon.mmm.piece;

import java.util.List;

/**
 * One instrument part: a General MIDI program (or the drum kit) and one {@link Bar} per bar of the piece.
 *
 * @param program GM program 0..127; for drums, the program of channel 10 (usually 0)
 * @param drum    true for a drum track (MIDI channel 10): notes are onsets of 1 tick
 */
public record Track(int program, boolean drum, List<Bar> bars) {

    public Track {
        if (program < 0 || program > 127) throw new IllegalArgumentException("program out of range: " + program);
        bars = List.copyOf(bars);
    }

    public int noteCount() {
        return bars.stream().mapToInt(b -> b.notes().size()).sum();
    }

    /** The track with bar {@code index} replaced. */
    public Track withBar(int index, Bar bar) {
        List<Bar> newBars = new java.util.ArrayList<>(bars);
        newBars.set(index, bar);
        return new Track(program, drum, newBars);
    }

    /** The bars {@code [from, from + count)}. */
    public Track slice(int from, int count) {
        return new Track(program, drum, bars.subList(from, from + count));
    }
}
