package io.polyphon.contract;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TempoChange;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.NoteLength;
import io.polyphon.mmm.request.TrackAction;
import io.polyphon.mmm.request.TrackRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One example of every message, as its golden file under src/test/resources/contracts holds it. */
final class ContractExamples {

    static final String JOB = "9b2f4c1e-7d3a-4f5b-8c6d-0e1f2a3b4c5d";
    static final Instant AT = Instant.parse("2026-11-25T22:00:00Z");

    private ContractExamples() {
    }

    static Piece piece() {
        Bar bar = new Bar(List.of(new Note(0, 12, 60, 100), new Note(12, 6, 64, 90)));
        return new Piece(List.of(TimeSignature.FOUR_FOUR, new TimeSignature(3, 4)),
                List.of(new Track(0, false, List.of(bar, Bar.EMPTY)), new Track(0, true, List.of(Bar.EMPTY, Bar.EMPTY))),
                List.of(new TempoChange(0, 500_000)));
    }

    static GenerationRequest request() {
        return new GenerationRequest(8, 42, 1.0,
                List.of(new TrackRequest(1, TrackAction.INFILL, List.of(2), new Controls(null, 1, 3, NoteLength.EIGHTH,
                        NoteLength.HALF, 4), 1.2), TrackRequest.ignore(2)),
                List.of(new NewTrack(33, false, new Controls(5, null, null, null, null, null), null)), 0);
    }

    /** Golden file name → the message it holds. */
    static Map<String, Object> all() {
        return Map.ofEntries(
                Map.entry("plan-job.json", new PlanJob(JOB, 1, AT, "key-1", "piece-1", null, piece(), request())),
                Map.entry("generate-shard.json", new GenerateShard(JOB, 1, AT, 0, 1, 0, 8, piece(), request())),
                Map.entry("sample-generated.json", new SampleGenerated(JOB, 1, AT, 3, piece(), 0.42)),
                Map.entry("sample-rendered.json", new SampleRendered(JOB, 1, AT, 3, new byte[]{77, 84, 104, 100}, 2, 2, 2, 0.42)),
                Map.entry("cancel-job.json", new CancelJob(JOB, 1, AT, "cancelled by its owner")),
                Map.entry("job-accepted.json", new JobEvent.JobAccepted(JOB, 1, AT, 8, 1, Lane.INTERACTIVE)),
                Map.entry("job-progressed.json", new JobEvent.JobProgressed(JOB, 1, AT, 5, 8, 0.6875)),
                Map.entry("shard-progressed.json", new ShardProgressed(JOB, 1, AT, 0, 0, 8, 12, 16)),
                Map.entry("job-completed.json", new JobEvent.JobCompleted(JOB, 1, AT, 8)),
                Map.entry("job-failed.json", new JobEvent.JobFailed(JOB, 1, AT, "window-too-dense", "bars 1-4 need 2100 tokens", false)),
                Map.entry("job-cancelled.json", new JobEvent.JobCancelled(JOB, 1, AT, 5)));
    }
}
