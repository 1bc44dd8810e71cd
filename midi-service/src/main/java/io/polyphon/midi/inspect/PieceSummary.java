package io.polyphon.midi.inspect;

import java.util.List;

/**
 * What a musician wants to know about an upload before choosing what to regenerate. Tracks and bars are numbered
 * from 1, the way the command line and the API address them.
 *
 * @param bars               number of bars
 * @param timeSignatures     each time signature and the bar it starts at
 * @param tempoBpm           the opening tempo in beats per minute
 * @param tracks             one entry per instrument track, in piece order
 * @param tokenCount         tokens of the whole piece in 8-bar track-mode windows
 * @param longestWindowTokens tokens of the longest 8-bar window: what the model must fit in its context
 */
public record PieceSummary(int bars, List<TimeSignatureSpan> timeSignatures, double tempoBpm, List<TrackSummary> tracks,
                           int tokenCount, int longestWindowTokens) {

    /** A time signature that holds from bar {@code fromBar} on. */
    public record TimeSignatureSpan(int fromBar, String timeSignature) {
    }

    /**
     * One track and its measured attributes (MMM's controls).
     *
     * @param minPolyphony 15th-percentile voices sounding together, 1..10
     * @param maxPolyphony 85th-percentile voices, 1..10
     * @param minDuration  15th-percentile note length class
     * @param maxDuration  85th-percentile note length class
     * @param density      note density level 1..10 against the model's table
     */
    public record TrackSummary(int number, int program, String instrument, boolean drum, int notes,
                               int minPolyphony, int maxPolyphony, String minDuration, String maxDuration, int density) {
    }
}
