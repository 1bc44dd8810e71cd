package io.polyphon.worker.engine;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slots that refill as samples finish: a shard whose samples differ widely in length needs fewer decode steps than
 * fixed batches (where a batch waits for its longest sample), and every sample comes out note for note the same.
 */
class ContinuousBatchingTest {

    private static final int COUNT = 16;
    private static final int SLOTS = 4;

    @Test
    void refillingSlotsTakesFewerDecodeStepsThanFixedBatchesAndGivesTheSameSamples() throws Exception {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Files.readAllBytes(TestModels.home().resolve("examples/band.mid")));
        // hot sampling over a 4-bar infill: some samples write a few notes, others many
        GenerationRequest request = new GenerationRequest(COUNT, 11, 1.6,
                List.of(TrackRequest.infill(1, List.of(1, 2, 3, 4))), List.of(), 0);
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            Run fixed = run(model, piece, request, false);
            Run continuous = run(model, piece, request, true);

            List<Integer> lengths = fixed.samples().stream().map(GeneratedSample::generatedTokens).sorted().toList();
            System.out.printf("decode steps: fixed batches of %d %d, refilling slots %d; tokens per sample %s%n", SLOTS,
                    fixed.decodeSteps(), continuous.decodeSteps(), lengths);
            assertThat(lengths.get(lengths.size() - 1)).as("the longest sample against the shortest, %s", lengths)
                    .isGreaterThan(2 * lengths.get(0));
            assertThat(continuous.decodeSteps()).as("decode steps refilling vs fixed batches of " + SLOTS)
                    .isLessThan(fixed.decodeSteps() * 9 / 10);
            assertThat(continuous.samples()).extracting(GeneratedSample::piece)
                    .containsExactlyElementsOf(fixed.samples().stream().map(GeneratedSample::piece).toList());
        }
    }

    private record Run(List<GeneratedSample> samples, int decodeSteps) {
    }

    private static Run run(OnnxLanguageModel model, Piece piece, GenerationRequest request, boolean refill) {
        AtomicInteger steps = new AtomicInteger();
        model.listen((prefill, batch, nanos, bytes) -> {
            if (!prefill) steps.incrementAndGet();
        });
        try (GenerationEngine engine = new GenerationEngine(model, 0, SLOTS, refill)) {
            return new Run(engine.generate(piece, request, 0, COUNT, GenerationListener.NONE), steps.get());
        } finally {
            model.listen(OnnxLanguageModel.RunListener.NONE);
        }
    }
}
