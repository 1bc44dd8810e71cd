package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.midi.render.MidiRenderer;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.NoteLength;
import io.polyphon.mmm.request.TrackAction;
import io.polyphon.mmm.request.TrackRequest;
import io.polyphon.mmm.vocab.Instruments;
import io.polyphon.worker.engine.Device;
import io.polyphon.worker.engine.GeneratedSample;
import io.polyphon.worker.engine.Generation;
import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.engine.OnnxLanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code polyphon generate FILE --count N --out DIR}: N variations of a MIDI file, generated in this process, or
 * with {@code --server URL} by a running Polyphon. Tracks and bars count from 1, as {@code inspect} numbers them.
 */
@Command(name = "generate", description = "Generate variations of a MIDI file with the MMM model, here or on a server.")
final class GenerateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "the MIDI file to vary")
    Path file;

    @Option(names = "--count", defaultValue = "5", description = "samples to generate, 1..1000 (default 5)")
    int count;

    @Option(names = "--out", required = true, description = "folder for the generated MIDI files")
    Path out;

    @Option(names = "--infill", paramLabel = "TRACK:BARS", description = "regenerate bars of a track, e.g. 2:5-8 or 1:3,7")
    List<String> infill = new ArrayList<>();

    @Option(names = "--regenerate", paramLabel = "TRACK", description = "regenerate a whole track")
    List<Integer> regenerate = new ArrayList<>();

    @Option(names = "--add-track", paramLabel = "INSTRUMENT", description = "add a track: GM program 0..127, its name, or 'drums'")
    List<String> addTrack = new ArrayList<>();

    @Option(names = "--ignore", paramLabel = "TRACK", description = "hide a track from the model")
    List<Integer> ignore = new ArrayList<>();

    @Option(names = "--density", paramLabel = "TRACK=LEVEL", description = "note density 1..10 of a generated track")
    Map<Integer, Integer> density = new LinkedHashMap<>();

    @Option(names = "--polyphony", paramLabel = "TRACK=MIN-MAX", description = "voices sounding together, e.g. 2=1-3")
    Map<Integer, String> polyphony = new LinkedHashMap<>();

    @Option(names = "--duration", paramLabel = "TRACK=MIN-MAX", description = "note lengths, e.g. 1=eighth-half")
    Map<Integer, String> duration = new LinkedHashMap<>();

    @Option(names = "--polyphony-limit", paramLabel = "TRACK=N", description = "hard cap on notes sounding at once")
    Map<Integer, Integer> polyphonyLimit = new LinkedHashMap<>();

    @Option(names = "--track-temperature", paramLabel = "TRACK=T", description = "temperature of one track")
    Map<Integer, Double> trackTemperature = new LinkedHashMap<>();

    @Option(names = "--temperature", defaultValue = "1.0", description = "sampling temperature 0.5..2.0 (default 1.0)")
    double temperature;

    @Option(names = "--seed", defaultValue = "1", description = "job seed: the same seed gives the same samples")
    long seed;

    @Option(names = "--bars-per-step", defaultValue = "0", description = "bars generated per model window (0 = half the window, context on both sides; 8 = whole window, faster)")
    int barsPerStep;

    @Option(names = "--batch", defaultValue = "32", description = "samples decoded together")
    int batch;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "0",
            description = "most tokens a sample writes per step, to match another system's work (0 = as many as the context leaves)")
    int maxNewTokens;

    @Option(names = "--model", description = "ONNX model (default: the bundled model/polyphon-mmm.onnx)")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda")
    String device;

    @Option(names = "--require-gpu", description = "fail instead of falling back to the CPU")
    boolean requireGpu;

    @Option(names = "--server", paramLabel = "URL",
            description = "submit to a running Polyphon (e.g. http://127.0.0.1:8080) instead of generating here")
    String server;

    @Mixin
    KeyOptions keys;

    @Override
    public Integer call() throws Exception {
        checkMaxNewTokens(maxNewTokens);
        if (server != null && maxNewTokens > 0) {
            throw new InvalidRequestException("invalid-max-new-tokens", "--max-new-tokens caps generation in this "
                    + "process; a server's workers have their own cap (POLYPHON_WORKER_MAX_NEW_TOKENS)");
        }
        if (batch < 1) throw new InvalidRequestException("invalid-batch", "--batch must be 1 or more, not " + batch);
        byte[] midi = Files.readAllBytes(file);
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(midi);
        GenerationRequest request = request(piece);
        request.validateAgainst(piece); // refused before any model loads
        if (server != null) {
            new RemoteGeneration(server, keys.resolve()).run(file, midi, request, out);
            return 0;
        }
        try (OnnxLanguageModel loaded = OnnxLanguageModel.load(model == null ? Models.bundled() : model,
                Device.named(device, requireGpu))) {
            // read again on the grid the model was trained on (a server reads uploads on its own)
            piece = new MidiParser(MidiLimits.DEFAULT, loaded.metadata().grid()).parse(midi);
            request.validateAgainst(piece);
            Files.createDirectories(out);
            String stem = file.getFileName().toString().replaceFirst("\\.midi?$", "");
            ProgressBar bar = new ProgressBar(System.err, count);
            long start = System.nanoTime();
            // --batch slots; each sample is written as soon as it is finished
            try (GenerationEngine engine = new GenerationEngine(loaded, maxNewTokens, batch, true)) {
                Generation generation = engine.submit(piece, request, 0, count, true,
                        (steps, total) -> bar.update((int) ((long) count * steps / total)));
                for (int i = 0; i < count; i++) {
                    GeneratedSample sample = generation.next();
                    Files.write(out.resolve(String.format("%s-%04d.mid", stem, sample.index() + 1)),
                            MidiRenderer.render(sample.piece()));
                }
            }
            bar.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d samples in %s (%.1f s, %.2f samples/s, model on %s)%n", count, out, seconds,
                    count / seconds, loaded.device());
        }
        return 0;
    }

    /** A cap on the tokens a sample writes per step: 0 for none, never negative. */
    static void checkMaxNewTokens(int maxNewTokens) {
        if (maxNewTokens < 0) {
            throw new InvalidRequestException("invalid-max-new-tokens",
                    "--max-new-tokens must be 0 (no cap) or more, not " + maxNewTokens);
        }
    }

    GenerationRequest request(Piece piece) {
        int tracks = piece.tracks().size();
        Map<Integer, TrackRequest> byTrack = new LinkedHashMap<>();
        for (String spec : infill) {
            String[] parts = spec.split(":", 2);
            if (parts.length != 2) throw new InvalidRequestException("invalid-track-request", "--infill takes TRACK:BARS, e.g. 2:5-8, not " + spec);
            int track = number(parts[0], spec);
            byTrack.put(track, new TrackRequest(track, TrackAction.INFILL, bars(parts[1], spec), null, null));
        }
        regenerate.forEach(t -> byTrack.put(t, TrackRequest.regenerate(t)));
        ignore.forEach(t -> byTrack.put(t, TrackRequest.ignore(t)));
        List<NewTrack> added = new ArrayList<>();
        for (String instrument : addTrack) added.add(newTrack(instrument));

        List<TrackRequest> requests = new ArrayList<>();
        for (var entry : byTrack.entrySet()) {
            TrackRequest t = entry.getValue();
            requests.add(new TrackRequest(t.track(), t.action(), t.bars(), controls(t.track()), trackTemperature.get(t.track())));
        }
        List<NewTrack> newTracks = new ArrayList<>();
        for (int k = 0; k < added.size(); k++) {
            int number = tracks + k + 1;
            NewTrack t = added.get(k);
            newTracks.add(new NewTrack(t.program(), t.drum(), controls(number), trackTemperature.get(number)));
        }
        return new GenerationRequest(count, seed, temperature, requests, newTracks, barsPerStep);
    }

    private Controls controls(int track) {
        int[] poly = range(polyphony.get(track), Integer::parseInt, "--polyphony");
        NoteLength[] lengths = duration.containsKey(track) ? durations(duration.get(track)) : new NoteLength[2];
        return new Controls(density.get(track), poly == null ? null : poly[0], poly == null ? null : poly[1],
                lengths[0], lengths[1], polyphonyLimit.get(track));
    }

    private static NewTrack newTrack(String instrument) {
        String name = instrument.trim();
        if (name.equalsIgnoreCase("drums")) return new NewTrack(0, true, null, null);
        int program;
        try {
            program = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            program = Instruments.programNamed(name);
            if (program < 0) {
                throw new InvalidRequestException("unknown-instrument", "'" + instrument
                        + "' is neither a General MIDI program 0..127, a GM instrument name, nor 'drums'");
            }
        }
        return NewTrack.of(program);
    }

    private static NoteLength[] durations(String spec) {
        String[] parts = spec.split("-", 2);
        if (parts.length != 2) throw new InvalidRequestException("invalid-control", "--duration takes MIN-MAX, e.g. eighth-half");
        return new NoteLength[]{noteLength(parts[0]), noteLength(parts[1])};
    }

    private static NoteLength noteLength(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "32nd", "thirty_second", "thirtysecond" -> NoteLength.THIRTY_SECOND;
            case "16th", "sixteenth" -> NoteLength.SIXTEENTH;
            case "8th", "eighth" -> NoteLength.EIGHTH;
            case "4th", "quarter" -> NoteLength.QUARTER;
            case "half" -> NoteLength.HALF;
            case "whole" -> NoteLength.WHOLE;
            default -> throw new InvalidRequestException("invalid-control",
                    "unknown note length '" + name + "' (32nd, 16th, eighth, quarter, half, whole)");
        };
    }

    private static int[] range(String spec, java.util.function.ToIntFunction<String> parse, String option) {
        if (spec == null) return null;
        String[] parts = spec.split("-", 2);
        try {
            int low = parse.applyAsInt(parts[0].trim());
            return new int[]{low, parts.length == 2 ? parse.applyAsInt(parts[1].trim()) : low};
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid-control", option + " takes MIN-MAX, e.g. 1-3, not " + spec);
        }
    }

    /** "5-8" or "3,7,9-10" → bar numbers. */
    private static List<Integer> bars(String spec, String whole) {
        List<Integer> bars = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] ends = part.split("-", 2);
            int from = number(ends[0], whole);
            int to = ends.length == 2 ? number(ends[1], whole) : from;
            if (to < from) throw new InvalidRequestException("invalid-track-request", "bars " + part + " run backwards");
            for (int b = from; b <= to; b++) bars.add(b);
        }
        return bars;
    }

    private static int number(String text, String whole) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid-track-request", "'" + whole + "' is not TRACK:BARS with numbers");
        }
    }
}
