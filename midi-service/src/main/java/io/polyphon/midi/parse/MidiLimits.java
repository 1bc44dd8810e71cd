package io.polyphon.midi.parse;

/**
 * Bounds that keep a hostile upload from costing unbounded time or memory.
 *
 * @param maxBytes  largest file accepted
 * @param maxTracks most instrument tracks a piece may have after splitting by channel and program
 * @param maxEvents most MIDI events in the whole file
 * @param maxBars   most bars a piece may span
 */
public record MidiLimits(long maxBytes, int maxTracks, int maxEvents, int maxBars) {

    public static final MidiLimits DEFAULT = new MidiLimits(4L * 1024 * 1024, 32, 500_000, 2_048);
}
