package io.polyphon.mmm.grammar;

/**
 * What a track generated in track mode must be: its type and instrument group, the attribute values it must carry
 * (token values; {@code null} lets the model choose), its polyphony cap and its temperature.
 */
public record TrackConstraints(boolean drum, int instrumentGroup, Integer density, Integer minPolyphony,
                               Integer maxPolyphony, Integer minDuration, Integer maxDuration, int polyphonyLimit,
                               double temperature) {
}
