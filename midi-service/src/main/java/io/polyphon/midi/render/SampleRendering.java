package io.polyphon.midi.render;

import io.polyphon.contract.Message;
import io.polyphon.contract.SampleGenerated;
import io.polyphon.contract.SampleRendered;
import io.polyphon.mmm.piece.Piece;

import java.time.Clock;

/** Turns a generated sample's piece into the MIDI file storage keeps, with the counts a listing shows. */
public final class SampleRendering {

    private final Clock clock;

    public SampleRendering(Clock clock) {
        this.clock = clock;
    }

    public SampleRendered render(SampleGenerated sample) {
        Piece piece = sample.piece();
        return new SampleRendered(sample.jobId(), Message.SCHEMA_VERSION, clock.instant(), sample.sampleIndex(),
                MidiRenderer.render(piece), piece.barCount(), piece.tracks().size(), piece.noteCount(), sample.score());
    }
}
