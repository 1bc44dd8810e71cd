package io.polyphon.worker.engine;

import io.polyphon.midi.Corpus;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A sample's score tells how natural the model found it: stable for a sample, higher where sampling was cooler. */
class SampleScoreTest {

    private static final int COUNT = 16;

    private static GenerationRequest infill(double temperature) {
        return new GenerationRequest(COUNT, 3, temperature, List.of(TrackRequest.infill(4, List.of(5, 6, 7, 8))), List.of(), 0);
    }

    private static double meanScore(List<GeneratedSample> samples) {
        return samples.stream().mapToDouble(GeneratedSample::score).average().orElseThrow();
    }

    @Test
    void aSampleScoresTheSameWhateverBatchItRanIn() {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Corpus.read("sketches/sampling_cello_dur_8th.mid"));
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            GenerationEngine engine = new GenerationEngine(model);
            List<GeneratedSample> together = engine.generate(piece, infill(1.0), 0, COUNT, GenerationListener.NONE);
            for (int i = 0; i < COUNT; i += 5) {
                GeneratedSample alone = engine.generate(piece, infill(1.0), i, 1, GenerationListener.NONE).get(0);
                assertThat(alone.score()).isCloseTo(together.get(i).score(), within(1e-4));
            }
            assertThat(together).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
        }
    }

    @Test
    void coolerSamplingScoresHigherThanHotterSampling() {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Corpus.read("sketches/sampling_cello_dur_8th.mid"));
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            GenerationEngine engine = new GenerationEngine(model);
            double cool = meanScore(engine.generate(piece, infill(0.5), 0, COUNT, GenerationListener.NONE));
            double hot = meanScore(engine.generate(piece, infill(2.0), 0, COUNT, GenerationListener.NONE));
            System.out.printf("mean sample score: %.3f at temperature 0.5, %.3f at 2.0%n", cool, hot);
            assertThat(cool).isGreaterThan(hot);
        }
    }
}
