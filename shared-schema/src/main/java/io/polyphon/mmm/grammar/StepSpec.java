package io.polyphon.mmm.grammar;

import io.polyphon.mmm.piece.TimeSignature;

import java.util.List;

/**
 * What one generation step must produce. In track mode the model writes {@code outputs} as whole tracks after
 * the prompt; in bar-infill mode it writes the bodies of {@code fills} in order, the first right after the prompt's
 * FILL_IN_START.
 *
 * @param infill     bar-infill mode (PIECE_START 1) rather than track mode
 * @param bars       the window's time signature per bar (4 or 8 bars)
 * @param outputs    track mode: the tracks to generate, in order
 * @param fills      bar-infill mode: the cells to fill, in (track, bar) order
 */
public record StepSpec(boolean infill, List<TimeSignature> bars, List<TrackConstraints> outputs, List<FillCell> fills) {

    public StepSpec {
        bars = List.copyOf(bars);
        outputs = List.copyOf(outputs);
        fills = List.copyOf(fills);
        if (infill ? fills.isEmpty() : outputs.isEmpty()) throw new IllegalArgumentException("a step must generate something");
    }

    public static StepSpec trackMode(List<TimeSignature> bars, List<TrackConstraints> outputs) {
        return new StepSpec(false, bars, outputs, List.of());
    }

    public static StepSpec barInfill(List<TimeSignature> bars, List<FillCell> fills) {
        return new StepSpec(true, bars, List.of(), fills);
    }
}
