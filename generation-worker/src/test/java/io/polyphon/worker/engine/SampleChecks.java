package io.polyphon.worker.engine;

import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.TrackAction;
import io.polyphon.mmm.request.TrackRequest;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user checks of a sample, worked out from the request alone (not from the engine's own plan): untouched
 * cells are identical, generated cells have the piece's bars and meter, and the polyphony cap holds.
 */
final class SampleChecks {

    private SampleChecks() {
    }

    /** generated[t][b]: the request asks for cell (t, b) to be written. */
    static boolean[][] generatedCells(Piece input, GenerationRequest request) {
        int tracks = input.tracks().size() + request.newTracks().size();
        int bars = Math.max(input.barCount(), 4);
        boolean[][] cells = new boolean[tracks][bars];
        for (TrackRequest t : request.tracks()) {
            if (t.action() == TrackAction.REGENERATE) java.util.Arrays.fill(cells[t.track() - 1], true);
            if (t.action() == TrackAction.INFILL) t.bars().forEach(b -> cells[t.track() - 1][b - 1] = true);
        }
        for (int k = 0; k < request.newTracks().size(); k++) java.util.Arrays.fill(cells[input.tracks().size() + k], true);
        return cells;
    }

    static void assertValid(Piece input, GenerationRequest request, Piece sample) {
        boolean[][] generated = generatedCells(input, request);
        assertThat(sample.tracks()).hasSize(generated.length);
        assertThat(sample.timeSignatures().subList(0, input.barCount())).isEqualTo(input.timeSignatures());
        for (int t = 0; t < input.tracks().size(); t++) {
            Track before = input.tracks().get(t);
            Track after = sample.tracks().get(t);
            assertThat(after.program()).isEqualTo(before.program());
            assertThat(after.drum()).isEqualTo(before.drum());
            for (int b = 0; b < input.barCount(); b++) {
                if (!generated[t][b]) {
                    assertThat(after.bars().get(b)).as("untouched track %d bar %d", t + 1, b + 1).isEqualTo(before.bars().get(b));
                }
            }
        }
        for (int k = 0; k < request.newTracks().size(); k++) {
            NewTrack added = request.newTracks().get(k);
            Track track = sample.tracks().get(input.tracks().size() + k);
            assertThat(track.drum()).isEqualTo(added.drum());
            assertThat(track.program()).isEqualTo(added.program());
        }
        for (int t = 0; t < generated.length; t++) {
            int limit = limitOf(request, input.tracks().size(), t);
            if (limit > 0) assertPolyphonyAtMost(sample, t, generated[t], limit);
        }
    }

    private static int limitOf(GenerationRequest request, int existing, int t) {
        if (t >= existing) return request.newTracks().get(t - existing).controls().hardLimit();
        return request.tracks().stream().filter(r -> r.track() == t + 1).findFirst()
                .map(r -> r.controls().hardLimit()).orElse(0);
    }

    /** At every generated onset, the notes of the track sounding then (as the model hears them) are within the cap. */
    static void assertPolyphonyAtMost(Piece piece, int t, boolean[] generatedBars, int limit) {
        Track track = piece.tracks().get(t);
        List<long[]> notes = new ArrayList<>();
        List<Long> generatedOnsets = new ArrayList<>();
        for (int b = 0; b < piece.barCount(); b++) {
            long start = piece.barStart(b);
            for (Note n : track.bars().get(b).notes()) {
                long onset = start + n.onset();
                notes.add(new long[]{onset, onset + (track.drum() ? 1 : Math.min(96, n.duration()))});
                if (b < generatedBars.length && generatedBars[b]) generatedOnsets.add(onset);
            }
        }
        for (long onset : generatedOnsets) {
            long sounding = notes.stream().filter(n -> n[0] <= onset && n[1] > onset).count();
            assertThat(sounding).as("notes sounding at tick %d of track %d", onset, t + 1).isLessThanOrEqualTo(limit);
        }
    }
}
