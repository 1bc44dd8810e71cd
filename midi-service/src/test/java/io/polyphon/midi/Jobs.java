package io.polyphon.midi;

import io.polyphon.contract.PlanJob;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A small piece and jobs over it, for the planning and messaging tests. */
public final class Jobs {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T22:00:00Z"), ZoneOffset.UTC);

    private Jobs() {
    }

    /** One piano track over four bars, notes in bars 1 and 4. */
    public static Piece piece() {
        return new MidiParser(MidiLimits.DEFAULT).parse(new MidiBuilder(480)
                .track().note(0, 60, 90, 0, 480).note(0, 64, 90, 1920 * 3, 1920 * 3 + 480).bytes());
    }

    /** A job of {@code count} samples infilling bar 2. */
    public static PlanJob job(int count) {
        return new PlanJob("job-1", 1, CLOCK.instant(), "key-1", "piece-1", null, piece(),
                new GenerationRequest(count, 7, 1.0, List.of(TrackRequest.infill(1, List.of(2))), List.of(), 0));
    }
}
