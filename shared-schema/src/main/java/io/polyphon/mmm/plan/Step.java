package io.polyphon.mmm.plan;

import io.polyphon.mmm.codec.BarCell;

import java.util.List;
import java.util.SortedSet;

/**
 * One model call's worth of work: a window of {@code modelDim} bars starting at {@code windowStart}, the cells to
 * generate in it (piece coordinates), and the tracks the model sees (targets and context, ascending).
 *
 * @param infill bar-infill mode: some target track is only partly generated in this window (research §10.5)
 */
public record Step(int windowStart, int windowBars, SortedSet<BarCell> targets, List<Integer> tracks, boolean infill) {

    /** Tracks that are generated whole in this window (track mode's outputs). */
    public List<Integer> targetTracks() {
        return tracks.stream().filter(t -> targets.stream().anyMatch(c -> c.track() == t)).toList();
    }
}
