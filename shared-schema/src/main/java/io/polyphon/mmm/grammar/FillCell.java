package io.polyphon.mmm.grammar;

import java.util.List;

/**
 * One bar to fill in bar-infill mode.
 *
 * @param track          the track's position in the step's window (0-based), to carry notes between its fills
 * @param bar            the bar's position in the window (0-based)
 * @param drum           whether the track is a drum track
 * @param polyphonyLimit the track's cap on notes sounding at once; 0 for none
 * @param temperature    sampling temperature for this bar
 * @param carried        context notes of the track still sounding when the bar starts
 */
public record FillCell(int track, int bar, boolean drum, int polyphonyLimit, double temperature,
                       List<SoundingNote> carried) {

    public FillCell {
        carried = List.copyOf(carried);
    }
}
