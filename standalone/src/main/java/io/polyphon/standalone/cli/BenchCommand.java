package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.midi.parse.MidiRejectedException;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Vocabulary;
import io.polyphon.standalone.client.PolyphonClient;
import io.polyphon.standalone.stack.LocalStack;
import io.polyphon.worker.engine.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code polyphon bench tokenize DIR}: throughput of the MIDI → piece → tokens path over a folder of MIDI files,
 * after a warm-up, split into parsing and encoding so a regression shows where it is.
 */
@Command(name = "bench", description = {"Benchmarks: 'tokenize [DIR]' (files/s, tokens/s over MIDI files),",
        "'generate [SONG]' (samples/s, tokens/sample and memory per slot at several batch sizes against one sample at a time),",
        "'stack [SONG]' (batch jobs end to end through the API, on a local stack or --server),",
        "'lists [SONG]' (a page of 20 of 10,000 stored pieces, alone and beside another tenant's 10,000)."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHAT", description = "what to measure: tokenize, generate, stack or lists")
    String what;

    @Parameters(index = "1", paramLabel = "PATH", arity = "0..1",
            description = "tokenize: folder of MIDI files (default ../shared/corpus); generate, stack: a song (default "
                    + "../shared/corpus/sketches/sampling_cello_dur_8th.mid, 4 tracks)")
    Path folder;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,32,128", description = "generate: batch sizes")
    List<Integer> batches;

    @Option(names = "--one-at-a-time", defaultValue = "8",
            description = "generate: samples for the one-at-a-time baseline (0 skips it)")
    int oneAtATime;

    @Option(names = "--scenarios", split = ",", defaultValue = "a,b,c", description = "generate: which to run: "
            + "a (4-bar infill of the last track), b (a new track), c (4-bar infill of track 1, one bar per step), "
            + "d (4-bar infill of track 1 on the plan of a and b)")
    List<String> scenarios;

    @Option(names = "--bars-per-step", paramLabel = "N", defaultValue = "" + GenerateBenchmark.WHOLE_WINDOW,
            description = "generate: the plan of a and b (0 = the model's default, half the window per step; "
                    + "8, the default here = the whole window)")
    int barsPerStep;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "0",
            description = "generate: most tokens a sample writes per step, to match another system's work (0 = no cap)")
    int maxNewTokens;

    @Option(names = "--model", description = "generate: ONNX model (default: the bundled one)")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", description = "generate: cpu or cuda")
    String device;

    @Option(names = "--rounds", defaultValue = "5", description = "measured passes over the folder")
    int rounds;

    @Option(names = "--bars", defaultValue = "8", description = "window size: 4 or 8")
    int bars;

    @Option(names = "--count", defaultValue = "1000", description = "stack: samples per job")
    int count;

    @Option(names = "--jobs", defaultValue = "1", description = "stack: jobs submitted together")
    int jobs;

    @Option(names = "--pieces", defaultValue = "10000", description = "lists: pieces stored per tenant")
    int pieces;

    @Option(names = "--server", paramLabel = "URL", description = "stack: a running Polyphon (default: start a local stack)")
    String server;

    @Mixin
    KeyOptions keys;

    @Override
    public Integer call() throws IOException {
        Path song = folder != null ? folder : Path.of("../shared/corpus/sketches/sampling_cello_dur_8th.mid");
        if (what.equals("stack")) return stack(song);
        if (what.equals("lists")) {
            new ListBenchmark(folder != null ? folder : Path.of(System.getProperty("polyphon.home", "."))
                    .resolve("examples/band.mid")).run(pieces, rounds);
            return 0;
        }
        if (what.equals("generate")) {
            var settings = new GenerateBenchmark.Settings(batches, oneAtATime, maxNewTokens, barsPerStep, scenarios);
            try (var bench = new GenerateBenchmark(model != null ? model : Models.bundled(), Device.named(device, false),
                    song, maxNewTokens)) {
                bench.run(settings);
            }
            return 0;
        }
        if (!what.equals("tokenize")) {
            throw new IllegalArgumentException("unknown benchmark '" + what + "'; try tokenize, generate, stack or lists");
        }
        if (folder == null) folder = Path.of("../shared/corpus");
        MmmEncoder.numBarsValue(bars);
        List<byte[]> files = readMidiFiles(folder);
        MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
        AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());
        Vocabulary vocabulary = Vocabulary.of(IdLayout.MIDIGPT_2026);

        List<Piece> pieces = new ArrayList<>();
        for (byte[] file : files) {
            try {
                pieces.add(parser.parse(file));
            } catch (MidiRejectedException refused) {
                // refused files still count towards parse time below; they produce no tokens
            }
        }
        System.out.printf("%d MIDI files (%d usable) under %s, %d-bar windows, %d rounds after warm-up%n",
                files.size(), pieces.size(), folder, bars, rounds);
        for (int warmup = 0; warmup < 3; warmup++) {
            parseAll(parser, files);
            encodeAll(pieces, features, vocabulary);
        }
        long parseNanos = 0;
        long encodeNanos = 0;
        long tokens = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            parseAll(parser, files);
            long t1 = System.nanoTime();
            tokens += encodeAll(pieces, features, vocabulary);
            long t2 = System.nanoTime();
            parseNanos += t1 - t0;
            encodeNanos += t2 - t1;
        }
        double parseSeconds = parseNanos / 1e9;
        double encodeSeconds = encodeNanos / 1e9;
        double totalSeconds = parseSeconds + encodeSeconds;
        System.out.printf("parse  MIDI -> piece : %10.1f files/s%n", files.size() * rounds / parseSeconds);
        System.out.printf("encode piece -> ids  : %10.0f tokens/s%n", tokens / encodeSeconds);
        System.out.printf("end to end           : %10.1f files/s  %10.0f tokens/s  (%d tokens per pass)%n",
                files.size() * rounds / totalSeconds, tokens / totalSeconds, tokens / rounds);
        System.out.printf("parse share of time  : %10.0f %%%n", 100 * parseSeconds / totalSeconds);
        return 0;
    }

    private int stack(Path song) throws IOException {
        if (server != null) {
            new StackBenchmark(new PolyphonClient(server, keys.resolve()), server).run(song, count, jobs);
            return 0;
        }
        Path data = Files.createTempDirectory("polyphon-bench");
        Path modelFile = model != null ? model : Models.bundled();
        try (LocalStack stack = LocalStack.start(data, modelFile)) {
            double rate = new StackBenchmark(new PolyphonClient(stack.gatewayUrl(), stack.apiKey()),
                    "a local stack (" + Runtime.getRuntime().availableProcessors() + " cores)").run(song, count, jobs);
            StackBenchmark.compareWithEngine(rate, modelFile, song, count);
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static void parseAll(MidiParser parser, List<byte[]> files) {
        for (byte[] file : files) {
            try {
                parser.parse(file);
            } catch (MidiRejectedException refused) {
                // measured like any other file
            }
        }
    }

    private long encodeAll(List<Piece> pieces, AttributeFeatures features, Vocabulary vocabulary) {
        long tokens = 0;
        for (Piece piece : pieces) {
            for (int from = 0; from < piece.barCount(); from += bars) {
                Piece window = piece.window(from, bars);
                tokens += vocabulary.ids(MmmEncoder.trackMode(window, features.of(window))).length;
            }
        }
        return tokens;
    }

    static List<byte[]> readMidiFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException("no folder " + folder);
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.filter(BenchCommand::isMidi).sorted().toList()) files.add(Files.readAllBytes(p));
        }
        return files;
    }

    static boolean isMidi(Path path) {
        String name = path.getFileName().toString().toLowerCase();
        return Files.isRegularFile(path) && (name.endsWith(".mid") || name.endsWith(".midi"));
    }
}
