package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.TrackRequest;
import io.polyphon.worker.engine.Device;
import io.polyphon.worker.engine.GeneratedSample;
import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.engine.GenerationListener;
import io.polyphon.worker.engine.ModelMetadata;
import io.polyphon.worker.engine.OnnxLanguageModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Generation throughput: the engine's batched decoding (shared prefill, all samples per step) at several batch sizes,
 * next to the same work done one sample at a time, as MMM's runtime does it (batch 1, a prefill per sample). Each
 * row also says what a sample costs in memory: the keys and values one live sample holds at the row's peak, and the
 * process's peak resident memory so far (which only grows: to read one row's, run one scenario at one batch size).
 */
final class GenerateBenchmark implements AutoCloseable {

    /**
     * The benchmarks time the whole-window plan, one step per window, so their figures stay comparable across
     * releases; the default plan's cost against it is in the generation-worker README.
     */
    static final int WHOLE_WINDOW = 8;

    /**
     * The scenarios, by letter: (a) a 4-bar infill of the last track, (b) a new track, (c) a 4-bar infill of track 1
     * planned one bar per step, (d) a 4-bar infill of track 1 on the plan of (a) and (b).
     */
    static final List<String> SCENARIOS = List.of("a", "b", "c", "d");

    private static final String PROC_STATUS = "/proc/self/status";

    /**
     * What one run measures; refused here, before any model loads.
     *
     * @param batches      batch sizes, each 1..1000
     * @param oneAtATime   samples of the one-at-a-time baseline, 0 to skip it
     * @param maxNewTokens most tokens a sample writes per step, 0 for no cap
     * @param barsPerStep  the plan of (a) and (b): 0 for the model's default (half the window), 8 for the whole window
     * @param scenarios    letters of {@link #SCENARIOS}, in the order to run them
     */
    record Settings(List<Integer> batches, int oneAtATime, int maxNewTokens, int barsPerStep, List<String> scenarios) {

        Settings {
            batches = List.copyOf(batches);
            scenarios = scenarios.stream().map(String::strip).toList();
            for (int batch : batches) {
                if (batch < 1 || batch > GenerationRequest.MAX_COUNT) {
                    throw new IllegalArgumentException("--batches must each be 1.." + GenerationRequest.MAX_COUNT
                            + ", not " + batch);
                }
            }
            if (oneAtATime < 0 || oneAtATime > GenerationRequest.MAX_COUNT) {
                throw new IllegalArgumentException("--one-at-a-time must be 0 (skip the baseline).."
                        + GenerationRequest.MAX_COUNT + ", not " + oneAtATime);
            }
            GenerateCommand.checkMaxNewTokens(maxNewTokens);
            if (barsPerStep < 0 || barsPerStep > WHOLE_WINDOW) {
                throw new InvalidRequestException("invalid-bars-per-step",
                        "--bars-per-step must be 0 (the model's default plan).." + WHOLE_WINDOW + ", not " + barsPerStep);
            }
            for (String scenario : scenarios) {
                if (!SCENARIOS.contains(scenario)) {
                    throw new IllegalArgumentException("unknown scenario '" + scenario + "' in --scenarios; try "
                            + String.join(", ", SCENARIOS));
                }
            }
            if (batches.isEmpty() && oneAtATime == 0) {
                throw new IllegalArgumentException("nothing to measure: no --batches and --one-at-a-time 0");
            }
        }
    }

    private final int maxNewTokens;
    private final GenerationEngine engine;
    private final Piece piece;
    private final String song;

    GenerateBenchmark(Path model, Device device, Path songFile, int maxNewTokens) throws IOException {
        this.maxNewTokens = maxNewTokens;
        this.engine = new GenerationEngine(OnnxLanguageModel.load(model, device), maxNewTokens, 1, true);
        this.piece = new MidiParser(MidiLimits.DEFAULT, engine.model().metadata().grid()).parse(Files.readAllBytes(songFile));
        this.song = songFile.getFileName().toString();
    }

    /** Closes the model too, so that a profile asked for with POLYPHON_ORT_PROFILE is written. */
    @Override
    public void close() {
        engine.close();
        engine.model().close();
    }

    void run(Settings settings) {
        ModelMetadata meta = engine.model().metadata();
        int tracks = piece.tracks().size();
        System.out.printf("model on %s, %d layers x %d wide, %d heads, context %d, %d-bar windows; song %s (%d tracks, %d bars)%n",
                engine.model().device(), meta.layers(), meta.embedding(), meta.heads(), meta.context(), meta.modelDim(),
                song, tracks, piece.barCount());
        System.out.printf("plan of (a), (b): %s; max new tokens per step: %s%n", plan(settings.barsPerStep()),
                settings.maxNewTokens() == 0 ? "no cap" : settings.maxNewTokens());
        int last = Math.min(piece.barCount(), 8);
        for (String scenario : settings.scenarios()) {
            switch (scenario) {
                case "a" -> scenario("(a) 4-bar infill of track " + tracks + ", bars " + (last - 3) + "-" + last,
                        count -> infill(piece, count, tracks, settings.barsPerStep()), settings);
                case "b" -> scenario("(b) a new " + piece.barCount() + "-bar track (Flute)",
                        count -> new GenerationRequest(count, 7, 1.0, List.of(), List.of(NewTrack.of(73)),
                                settings.barsPerStep()), settings);
                case "c" -> scenario("(c) 4-bar infill of track 1, bars " + (last - 3) + "-" + last
                        + ", bars planned one per step", count -> infill(piece, count, 1, 1), settings);
                case "d" -> scenario("(d) 4-bar infill of track 1, bars " + (last - 3) + "-" + last,
                        count -> infill(piece, count, 1, settings.barsPerStep()), settings);
                default -> throw new IllegalStateException(scenario); // Settings refuses others
            }
        }
        if (!settings.batches().isEmpty()) weightsFloor(settings.batches());
        System.out.println();
        System.out.println("peak resident memory of this process (VmHWM): " + peakResident());
    }

    /**
     * The floor of a decode step at each batch size: one over nothing cached costs the weights alone. Everything else
     * a step costs (attention over the cache and the pool, sampling) grows with its rows and every sample's prompt
     * costs the same at any batch, so the ratio of these per-row floors bounds how much faster per sample a bigger
     * batch can be on this machine.
     */
    private void weightsFloor(List<Integer> batches) {
        System.out.println();
        System.out.println("a decode step over nothing cached (the weights alone: the floor of any step), median of 20");
        int before = 0;
        double beforePerRow = 0;
        for (int batch : batches) {
            double millis = engine.model().emptyDecodeStepNanos(batch, 20) / 1e6;
            double perRow = millis / batch;
            System.out.printf("  %-24s %8.2f ms %8.3f ms a row%s%n", "batch " + batch, millis, perRow, before == 0 ? ""
                    : String.format("   at most %.2fx batch %d's samples/s", beforePerRow / perRow, before));
            before = batch;
            beforePerRow = perRow;
        }
    }

    private static String plan(int barsPerStep) {
        if (barsPerStep == 0) return "the model's default, half the window per step (--bars-per-step 0)";
        if (barsPerStep == WHOLE_WINDOW) return "the whole window per step (--bars-per-step 8)";
        return barsPerStep + " bar(s) per step (--bars-per-step " + barsPerStep + ")";
    }

    /** Scenario (a), which {@code bench stack} runs too: the last track's last 4 bars of the first 8. */
    static GenerationRequest infill(Piece piece, int count) {
        return infill(piece, count, piece.tracks().size(), WHOLE_WINDOW);
    }

    /** A 4-bar infill of one track (numbered from 1): the last 4 bars of the first 8. */
    static GenerationRequest infill(Piece piece, int count, int track, int barsPerStep) {
        int last = Math.min(piece.barCount(), 8);
        return new GenerationRequest(count, 7, 1.0, List.of(TrackRequest.infill(track,
                List.of(last - 3, last - 2, last - 1, last))), List.of(), barsPerStep);
    }

    private void scenario(String title, IntFunction<GenerationRequest> request, Settings settings) {
        System.out.println();
        System.out.println(title);
        GeneratedSample warm = engine.generate(piece, request.apply(2), 0, 2, GenerationListener.NONE).get(0);
        List<Integer> prompts = warm.steps().stream().map(s -> s.prompt().size()).toList();
        System.out.printf("  %d step(s); first prompt %d tokens%n", prompts.size(), prompts.get(0));
        System.out.printf("  %-24s %10s %12s %10s %14s %12s %12s %20s%n", "", "samples/s", "tokens/s", "vs MMM way",
                "tokens/sample", "KV/slot", "VmHWM", "decode/prompt/other");
        long tokens = 0;
        long samples = 0;
        Row single = null;
        if (settings.oneAtATime() > 0) {
            single = measured(() -> oneAtATime(request.apply(settings.oneAtATime()), settings.oneAtATime()));
            print("one at a time (MMM way)", single, single);
            tokens += single.tokens();
            samples += single.samples();
        }
        for (int batch : settings.batches()) {
            Row row = measured(() -> batched(request.apply(batch), batch));
            print("batch " + batch, row, single);
            tokens += row.tokens();
            samples += row.samples();
        }
        System.out.printf("  the same work in PyTorch, one at a time (a random model this size; --ckpt for weights):%n"
                        + "    /usr/bin/python3 model/bench_torch.py %s --prompt-len %s --new-tokens %d%s%n", torchModel(),
                prompts.stream().map(String::valueOf).collect(Collectors.joining(",")),
                Math.round((double) tokens / samples),
                settings.maxNewTokens() > 0 ? " --max-new-tokens " + settings.maxNewTokens() : "");
    }

    private String torchModel() {
        ModelMetadata meta = engine.model().metadata();
        return String.format("--random-init --n-layer %d --n-head %d --n-embd %d --n-positions %d",
                meta.layers(), meta.heads(), meta.embedding(), meta.context());
    }

    private static void print(String label, Row row, Row single) {
        System.out.printf("  %-24s %10.2f %12.0f %10s %14.0f %12s %12s %20s%n", label, row.samplesPerSecond(),
                row.tokensPerSecond(), single == null ? "-" : String.format("%.1fx",
                        row.samplesPerSecond() / single.samplesPerSecond()),
                (double) row.tokens() / row.samples(), mebibytes(row.slotBytes()), peakResident(), split(row));
    }

    /** Shares of the row's time in decode steps, in prompt runs, and outside any run (sampling, bookkeeping). */
    private static String split(Row row) {
        double decode = 100 * row.decodeSeconds() / row.seconds();
        double prompt = 100 * row.promptSeconds() / row.seconds();
        return String.format("%.0f/%.0f/%.0f %%", decode, prompt, 100 - decode - prompt);
    }

    /**
     * One row's work and what it held: {@code slotBytes} is the keys and values per live sample at the run that read
     * the most of them (that run's cache bytes over its batch); {@code decodeSeconds} and {@code promptSeconds} the
     * time inside the model's runs of one new token a row, and of prompts.
     */
    private record Row(int samples, long tokens, double seconds, long slotBytes, double decodeSeconds,
                       double promptSeconds) {

        double samplesPerSecond() {
            return samples / seconds;
        }

        double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    /** Runs {@code work} while hearing every ONNX run for the largest cache; the model hears no one after. */
    private Row measured(Supplier<Row> work) {
        long[] peak = {0, 0}; // cache bytes of the largest run, and its bytes per row
        long[] inRuns = {0, 0}; // nanoseconds in decode steps, in prompt (prefill) runs
        engine.model().listen((prefill, batch, nanos, cacheBytes) -> {
            inRuns[prefill ? 1 : 0] += nanos;
            if (cacheBytes > peak[0]) {
                peak[0] = cacheBytes;
                peak[1] = cacheBytes / Math.max(batch, 1);
            }
        });
        try {
            Row row = work.get();
            return new Row(row.samples(), row.tokens(), row.seconds(), peak[1], inRuns[0] / 1e9, inRuns[1] / 1e9);
        } finally {
            engine.model().listen(OnnxLanguageModel.RunListener.NONE);
        }
    }

    private Row oneAtATime(GenerationRequest request, int samples) {
        long tokens = 0;
        long start = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            tokens += engine.generate(piece, request, i, 1, GenerationListener.NONE).get(0).generatedTokens();
        }
        return new Row(samples, tokens, (System.nanoTime() - start) / 1e9, 0, 0, 0);
    }

    /** {@code batch} samples on an engine of as many slots: the batch decodes together. */
    private Row batched(GenerationRequest request, int batch) {
        List<GeneratedSample> samples;
        long start = System.nanoTime();
        try (GenerationEngine slots = new GenerationEngine(engine.model(), maxNewTokens, batch, true)) {
            samples = slots.generate(piece, request, 0, batch, GenerationListener.NONE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long tokens = samples.stream().mapToLong(GeneratedSample::generatedTokens).sum();
        return new Row(batch, tokens, seconds, 0, 0, 0);
    }

    private static String mebibytes(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** The process's peak resident memory, VmHWM of /proc/self/status; "n/a" where there is none (not Linux). */
    static String peakResident() {
        return peakResident(Path.of(PROC_STATUS));
    }

    static String peakResident(Path status) {
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
        for (String line : lines) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                try {
                    return mebibytes(Long.parseLong(parts[0]) * 1024); // the kernel writes kB, meaning KiB
                } catch (NumberFormatException e) {
                    return "n/a";
                }
            }
        }
        return "n/a";
    }
}
