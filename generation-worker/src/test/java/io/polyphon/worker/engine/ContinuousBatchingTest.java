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
 * fixed batches (where a batch waits for its longest sample), and every sample comes out note for note the same; a
 * decode step runs only rows with a token to run.
 */
class ContinuousBatchingTest {

    private static final int COUNT = 16;
    private static final int SLOTS = 4;

    @Test
    void refillingSlotsTakesFewerDecodeStepsThanFixedBatchesAndGivesTheSameSamples() throws Exception {
        Piece piece = band();
        GenerationRequest request = hotInfill(0);
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            Run fixed = run(model, piece, request, SLOTS, false);
            Run continuous = run(model, piece, request, SLOTS, true);

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

    @Test
    void everyRowOfADecodeStepRunsATokenOfItsSample() throws Exception {
        Piece piece = band();
        GenerationRequest request = hotInfill(1); // one bar per step: prompts keep running while others decode
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            // as many slots as samples: a row that waits for its prompt waits for others to join it (a quarter of
            // the rows, or 8 steps) while the rest decode
            Run run = run(model, piece, request, COUNT, true);
            // a step's first token is drawn from its prompt's logits and its last is never run: every other token
            // is one row of one decode step, and no row rides along without one (a row waiting for its prompt)
            int tokensRun = run.samples().stream()
                    .flatMap(sample -> sample.steps().stream())
                    .mapToInt(step -> step.generated().size() - 1)
                    .sum();
            assertThat(run.decodeRows()).as("rows of all decode steps").isEqualTo(tokensRun);
        }
    }

    private static Piece band() throws Exception {
        return new MidiParser(MidiLimits.DEFAULT).parse(Files.readAllBytes(TestModels.home().resolve("examples/band.mid")));
    }

    /** Hot sampling over a 4-bar infill of track 1: some samples write a few notes, others many. */
    private static GenerationRequest hotInfill(int barsPerStep) {
        return new GenerationRequest(COUNT, 11, 1.6, List.of(TrackRequest.infill(1, List.of(1, 2, 3, 4))), List.of(),
                barsPerStep);
    }

    private record Run(List<GeneratedSample> samples, int decodeSteps, int decodeRows) {
    }

    private static Run run(OnnxLanguageModel model, Piece piece, GenerationRequest request, int slots, boolean refill) {
        AtomicInteger steps = new AtomicInteger();
        AtomicInteger rows = new AtomicInteger();
        model.listen((prefill, batch, nanos, bytes) -> {
            if (prefill) return;
            steps.incrementAndGet();
            rows.addAndGet(batch);
        });
        try (GenerationEngine engine = new GenerationEngine(model, 0, slots, refill)) {
            return new Run(engine.generate(piece, request, 0, COUNT, GenerationListener.NONE), steps.get(), rows.get());
        } finally {
            model.listen(OnnxLanguageModel.RunListener.NONE);
        }
    }
}
