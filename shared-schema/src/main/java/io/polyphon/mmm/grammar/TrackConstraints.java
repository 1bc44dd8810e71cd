package io.polyphon.mmm.grammar;

import java.util.List;

/**
 * What a track generated in track mode must be: its type and instrument group, the attribute values it must carry
 * (token values; {@code null} lets the model choose), its polyphony cap, its temperature, and its notes from before
 * the window that still sound when the window starts.
 */
public record TrackConstraints(boolean drum, int instrumentGroup, Integer density, Integer minPolyphony,
                               Integer maxPolyphony, Integer minDuration, Integer maxDuration, int polyphonyLimit,
                               double temperature, List<SoundingNote> carried) {

    public TrackConstraints {
        carried = List.copyOf(carried);
    }
}
