package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.TrackRequest;
import io.polyphon.worker.engine.Device;
import io.polyphon.worker.engine.GeneratedSample;
import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.engine.GenerationListener;
import io.polyphon.worker.engine.OnnxLanguageModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generation throughput: the engine's batched decoding (shared prefill, all samples per step) at several batch sizes,
 * next to the same work done one sample at a time, as MMM's runtime does it (batch 1, a prefill per sample).
 */
final class GenerateBenchmark {

    /**
     * The benchmarks time the whole-window plan, one step per window, so their figures stay comparable across
     * releases; the default plan's cost against it is in the generation-worker README.
     */
    static final int WHOLE_WINDOW = 8;

    private final GenerationEngine engine;
    private final Piece piece;
    private final String song;

    GenerateBenchmark(Path model, Device device, Path songFile) throws IOException {
        this.engine = new GenerationEngine(OnnxLanguageModel.load(model, device));
        this.piece = new MidiParser(MidiLimits.DEFAULT, engine.model().metadata().grid()).parse(Files.readAllBytes(songFile));
        this.song = songFile.getFileName().toString();
    }

    void run(List<Integer> batches, int oneAtATimeSamples) {
        int tracks = piece.tracks().size();
        System.out.printf("model on %s, %d layers x %d wide, context %d, %d-bar windows; song %s (%d tracks, %d bars)%n",
                engine.model().device(), engine.model().metadata().layers(), engine.model().metadata().embedding(),
                engine.model().metadata().context(), engine.model().metadata().modelDim(), song, tracks, piece.barCount());
        int last = Math.min(piece.barCount(), 8);
        scenario("(a) 4-bar infill of track " + tracks + ", bars " + (last - 3) + "-" + last,
                count -> infill(piece, count), batches, oneAtATimeSamples);
        scenario("(b) a new " + piece.barCount() + "-bar track (Flute)",
                count -> new GenerationRequest(count, 7, 1.0, List.of(), List.of(NewTrack.of(73)), WHOLE_WINDOW),
                batches, oneAtATimeSamples);
    }

    /** Scenario (a), which {@code bench stack} runs too: the last track's last 4 bars of the first 8. */
    static GenerationRequest infill(Piece piece, int count) {
        int last = Math.min(piece.barCount(), 8);
        return new GenerationRequest(count, 7, 1.0, List.of(TrackRequest.infill(piece.tracks().size(),
                List.of(last - 3, last - 2, last - 1, last))), List.of(), WHOLE_WINDOW);
    }

    private void scenario(String title, java.util.function.IntFunction<GenerationRequest> request, List<Integer> batches,
                          int oneAtATimeSamples) {
        System.out.println();
        System.out.println(title);
        GeneratedSample warm = engine.generate(piece, request.apply(2), 0, 2, GenerationListener.NONE).get(0);
        System.out.printf("  %d step(s); first prompt %d tokens (for model/bench_torch.py --prompt-len)%n",
                warm.steps().size(), warm.steps().get(0).prompt().size());
        Rate single = oneAtATime(request.apply(oneAtATimeSamples), oneAtATimeSamples);
        System.out.printf("  %.0f tokens generated per sample on average (--new-tokens)%n",
                single.tokensPerSecond() / single.samplesPerSecond());
        System.out.printf("  %-24s %10s %12s %10s%n", "", "samples/s", "tokens/s", "vs MMM way");
        System.out.printf("  %-24s %10.2f %12.0f %10s%n", "one at a time (MMM way)", single.samplesPerSecond(),
                single.tokensPerSecond(), "1.0x");
        for (int batch : batches) {
            Rate rate = batched(request.apply(batch), batch);
            System.out.printf("  %-24s %10.2f %12.0f %9.1fx%n", "batch " + batch, rate.samplesPerSecond(),
                    rate.tokensPerSecond(), rate.samplesPerSecond() / single.samplesPerSecond());
        }
    }

    private record Rate(double samplesPerSecond, double tokensPerSecond) {
    }

    private Rate oneAtATime(GenerationRequest request, int samples) {
        long tokens = 0;
        long start = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            tokens += engine.generate(piece, request, i, 1, GenerationListener.NONE).get(0).generatedTokens();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate(samples / seconds, tokens / seconds);
    }

    private Rate batched(GenerationRequest request, int batch) {
        long start = System.nanoTime();
        List<GeneratedSample> samples = engine.generate(piece, request, 0, batch, GenerationListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        long tokens = samples.stream().mapToLong(GeneratedSample::generatedTokens).sum();
        return new Rate(batch / seconds, tokens / seconds);
    }
}
