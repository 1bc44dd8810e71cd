package io.polyphon.worker.engine;

import io.polyphon.midi.Corpus;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.TrackRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A sample's notes depend on the job seed and its index, not on the batch it ran in. */
class SeedReproducibilityTest {

    private static final int COUNT = 32;

    @Test
    void sameSeedGivesIdenticalSamplesAtBatchOneAndThirtyTwo() {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Corpus.read("songs/I_Gotta_Feeling.mid")).window(0, 8);
        GenerationRequest request = new GenerationRequest(COUNT, 42, 1.0,
                List.of(TrackRequest.infill(2, List.of(3, 4, 5))), List.of(NewTrack.of(73)), 0);
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            GenerationEngine engine = new GenerationEngine(model);
            List<Piece> together = engine.generate(piece, request, 0, COUNT, GenerationListener.NONE).stream()
                    .map(GeneratedSample::piece).toList();
            List<Piece> oneByOne = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                oneByOne.add(engine.generate(piece, request, i, 1, GenerationListener.NONE).get(0).piece());
            }
            assertThat(together).containsExactlyElementsOf(oneByOne);
            assertThat(together.stream().distinct().count()).as("distinct samples").isGreaterThan(COUNT / 2);
        }
    }
}
