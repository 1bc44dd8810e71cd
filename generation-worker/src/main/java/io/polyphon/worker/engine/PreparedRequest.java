package io.polyphon.worker.engine;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.plan.Step;
import io.polyphon.mmm.plan.StepPlanner;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.TrackRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A request laid over its piece: added tracks appended, the piece padded to at least one window, and per track
 * what is generated, with which controls and temperature; plus the steps that generate it.
 */
record PreparedRequest(Piece piece, boolean[][] selected, boolean[] autoregressive,
                       boolean[] ignored, List<Controls> controls, double[] temperature, List<Step> steps) {

    static PreparedRequest of(Piece source, GenerationRequest request, int modelDim) {
        request.validateAgainst(source);
        List<Track> tracks = new ArrayList<>(source.tracks());
        for (NewTrack added : request.newTracks()) {
            tracks.add(new Track(added.program(), added.drum(), Collections.nCopies(source.barCount(), Bar.EMPTY)));
        }
        Piece piece = source.withTracks(tracks);
        if (piece.barCount() < modelDim) piece = piece.window(0, modelDim);

        int n = tracks.size();
        int bars = piece.barCount();
        boolean[][] selected = new boolean[n][bars];
        boolean[] autoregressive = new boolean[n];
        boolean[] ignored = new boolean[n];
        List<Controls> controls = new ArrayList<>(Collections.nCopies(n, Controls.ANY));
        double[] temperature = new double[n];
        java.util.Arrays.fill(temperature, request.temperature());
        for (TrackRequest t : request.tracks()) {
            int i = t.track() - 1;
            controls.set(i, t.controls());
            if (t.temperature() != null) temperature[i] = t.temperature();
            switch (t.action()) {
                case REGENERATE -> {
                    autoregressive[i] = true;
                    java.util.Arrays.fill(selected[i], true);
                }
                case INFILL -> t.bars().forEach(b -> selected[i][b - 1] = true);
                case IGNORE -> ignored[i] = true;
                case KEEP -> { }
            }
        }
        for (int k = 0; k < request.newTracks().size(); k++) {
            int i = source.tracks().size() + k;
            NewTrack added = request.newTracks().get(k);
            autoregressive[i] = true;
            java.util.Arrays.fill(selected[i], true);
            controls.set(i, added.controls());
            if (added.temperature() != null) temperature[i] = added.temperature();
        }
        int barsPerStep = request.barsPerStep() == 0 ? StepPlanner.defaultBarsPerStep(modelDim) : request.barsPerStep();
        List<Step> steps = StepPlanner.plan(selected, autoregressive, ignored, modelDim, barsPerStep);
        return new PreparedRequest(piece, selected, autoregressive, ignored, controls,
                temperature, steps);
    }

    List<TimeSignature> windowSignatures(Step step) {
        return piece.timeSignatures().subList(step.windowStart(), step.windowStart() + step.windowBars());
    }
}
