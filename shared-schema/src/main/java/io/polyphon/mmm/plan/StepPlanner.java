package io.polyphon.mmm.plan;

import io.polyphon.mmm.codec.BarCell;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Splits a request over a long piece into model-sized steps (research §10.4, with MIDI-GPT's fix of the
 * autoregressive context). Tracks regenerated whole go first, window by window from the start, each window seeing
 * only what is already generated of them; infilled bars follow, each window centred on its target bars.
 */
public final class StepPlanner {

    private StepPlanner() {
    }

    /**
     * Bars generated per window when a request names none: half the window, MMM's rule of thumb, so every target
     * block has (modelDim − bps) / 2 bars of context on each side where the piece has them. The whole window in one
     * step ({@code barsPerStep} = modelDim) is faster but leaves an infilled block blind to its own track.
     */
    public static int defaultBarsPerStep(int modelDim) {
        return Math.max(1, modelDim / 2);
    }

    /**
     * @param selected       selected[t][b]: cell (t, b) is to be generated
     * @param autoregressive autoregressive[t]: track t is generated whole, from its start
     * @param ignored        ignored[t]: track t is invisible to the model
     * @param modelDim       bars per window, 4 or 8; the piece must have at least that many bars
     * @param barsPerStep    bars generated per window, 1..modelDim
     */
    public static List<Step> plan(boolean[][] selected, boolean[] autoregressive, boolean[] ignored, int modelDim,
                                  int barsPerStep) {
        int tracks = selected.length;
        int bars = tracks == 0 ? 0 : selected[0].length;
        if (bars < modelDim) throw new IllegalArgumentException("a piece of " + bars + " bars is shorter than the " + modelDim + "-bar window");
        int bps = Math.max(1, Math.min(barsPerStep, modelDim));
        boolean[][] done = new boolean[tracks][bars];
        List<Step> steps = new ArrayList<>();

        // first pass: whole tracks, left to right, each later window keeping modelDim - bps bars of context
        for (int j = 0; j < bars; j += bps) {
            int start = Math.min(j, bars - modelDim);
            int firstTarget = j == 0 ? 0 : (modelDim - bps) + Math.max(j + modelDim - bars, 0);
            SortedSet<BarCell> targets = new TreeSet<>();
            for (int t = 0; t < tracks; t++) {
                if (!autoregressive[t] || ignored[t]) continue;
                for (int b = start + firstTarget; b < start + modelDim; b++) {
                    if (selected[t][b] && !done[t][b]) targets.add(new BarCell(t, b));
                }
            }
            addStep(steps, targets, start, modelDim, selected, autoregressive, ignored, done, true);
        }
        // second pass: infilled bars, each window centred on its targets where the piece allows
        int context = (modelDim - bps) / 2;
        for (int j = 0; j < bars; j += bps) {
            int start = Math.max(0, Math.min(j - context, bars - modelDim));
            SortedSet<BarCell> targets = new TreeSet<>();
            for (int t = 0; t < tracks; t++) {
                if (autoregressive[t] || ignored[t]) continue;
                for (int b = j; b < Math.min(j + bps, bars); b++) {
                    if (selected[t][b] && !done[t][b]) targets.add(new BarCell(t, b));
                }
            }
            addStep(steps, targets, start, modelDim, selected, autoregressive, ignored, done, false);
        }
        for (int t = 0; t < tracks; t++) {
            for (int b = 0; b < bars; b++) {
                if (selected[t][b] && !ignored[t] && !done[t][b]) {
                    throw new IllegalStateException("the plan leaves track " + (t + 1) + " bar " + (b + 1) + " ungenerated");
                }
            }
        }
        return steps;
    }

    private static void addStep(List<Step> steps, SortedSet<BarCell> targets, int start, int modelDim,
                                boolean[][] selected, boolean[] autoregressive, boolean[] ignored, boolean[][] done,
                                boolean firstPass) {
        if (targets.isEmpty()) return;
        List<Integer> included = new ArrayList<>();
        boolean infill = false;
        for (int t = 0; t < selected.length; t++) {
            if (ignored[t]) continue;
            int targetBars = 0;
            boolean context = false;
            for (int b = start; b < start + modelDim; b++) {
                if (targets.contains(new BarCell(t, b))) {
                    targetBars++;
                } else if (!(firstPass && autoregressive[t]) || done[t][b]) {
                    context = true; // whole tracks being generated show only what is already written of them
                }
            }
            if (targetBars > 0 || context) included.add(t);
            if (targetBars > 0 && targetBars < modelDim) infill = true;
        }
        targets.forEach(c -> done[c.track()][c.bar()] = true);
        steps.add(new Step(start, modelDim, targets, included, infill));
    }
}
