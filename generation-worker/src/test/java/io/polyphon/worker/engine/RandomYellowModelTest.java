package io.polyphon.worker.engine;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.NoteLength;
import io.polyphon.mmm.request.TrackAction;
import io.polyphon.mmm.request.TrackRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * MMM's own runtime, given a random-weight model of Yellow's size and a cap on tokens, dies in most one-step
 * infills with "EVERY TOKEN IS MASKED". Ours may not: a Yellow-size random model (6 layers, 8 heads, 512 wide,
 * 2048 positions), exported by model/export_onnx.py, drives hundreds of requests of every kind under a token cap,
 * and every sample completes and is valid.
 */
class RandomYellowModelTest {

    private static final int REQUESTS = 200;
    private static final int TOKEN_CAP = 40;

    private static OnnxLanguageModel model;

    @BeforeAll
    static void export() throws IOException, InterruptedException {
        Path onnx = Path.of("target", "yellow-random.onnx").toAbsolutePath();
        if (!Files.exists(onnx)) {
            Path script = TestModels.home().resolve("model").resolve("export_onnx.py");
            Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), "--random-init",
                    "--n-layer", "6", "--n-head", "8", "--n-embd", "512", "--n-positions", "2048", "--out", onnx.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("exporting the random model took over 5 minutes");
            }
            assumeFalse(output.contains("No module named"),
                    "skipped: Debian's python3-torch and python3-onnx are needed to export the random model");
            assertThat(process.exitValue()).as(output).isZero();
        }
        model = OnnxLanguageModel.load(onnx, Device.CPU);
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    private static List<Piece> pieces() {
        MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
        Piece odd = parser.parse(new MidiBuilder(480).timeSignature(7, 8, 0).timeSignature(3, 4, 1680 * 2)
                .track().program(0, 40, 0).note(0, 67, 90, 0, 1680 * 3).note(0, 71, 60, 240, 720)
                .track().note(9, 36, 100, 0, 10).note(9, 38, 100, 840, 850)
                .bytes());
        Piece band = parser.parse(new MidiBuilder(480)
                .track().program(0, 0, 0).note(0, 60, 80, 0, 1920).note(0, 64, 80, 0, 1920).note(0, 67, 80, 960, 7680)
                .track().program(1, 33, 0).note(1, 36, 100, 0, 480).note(1, 43, 100, 7680, 8160)
                .track().note(9, 42, 70, 0, 10).note(9, 36, 110, 3840, 3850)
                .bytes());
        return List.of(odd.window(0, 4), band.window(0, 8));
    }

    private static GenerationRequest randomRequest(Piece piece, Random random) {
        int tracks = piece.tracks().size();
        int bars = piece.barCount();
        Controls controls = new Controls(random.nextBoolean() ? 1 + random.nextInt(10) : null,
                random.nextBoolean() ? 1 : null, random.nextBoolean() ? 1 + random.nextInt(3) : null,
                random.nextBoolean() ? NoteLength.SIXTEENTH : null, null, random.nextInt(4));
        List<TrackRequest> requests = new ArrayList<>();
        List<NewTrack> added = new ArrayList<>();
        int kind = random.nextInt(6);
        switch (kind) {
            case 0 -> requests.add(new TrackRequest(1 + random.nextInt(tracks), TrackAction.INFILL,
                    List.of(1 + random.nextInt(bars)), controls, null));
            case 1 -> {
                requests.add(new TrackRequest(1, TrackAction.INFILL, List.of(1, bars), controls, 1.5));
                requests.add(new TrackRequest(tracks, TrackAction.INFILL, List.of(2), Controls.ANY, 0.5));
            }
            case 2 -> requests.add(new TrackRequest(1 + random.nextInt(tracks), TrackAction.REGENERATE, List.of(), controls, null));
            case 3 -> added.add(new NewTrack(random.nextInt(128), false, controls, null));
            case 4 -> added.add(new NewTrack(0, true, controls, null));
            default -> {
                requests.add(TrackRequest.ignore(tracks));
                requests.add(new TrackRequest(1, TrackAction.INFILL, List.of(2, 3), controls, null));
            }
        }
        return new GenerationRequest(2, random.nextLong(), 0.5 + random.nextDouble() * 1.5, requests, added,
                random.nextInt(3) == 0 ? 2 : 0);
    }

    @Test
    void everySampleOfHundredsOfRequestsCompletesUnderATokenCap() {
        GenerationEngine engine = new GenerationEngine(model, TOKEN_CAP);
        Random random = new Random(2026);
        List<Piece> pieces = pieces();
        int samples = 0;
        long start = System.nanoTime();
        for (int r = 0; r < REQUESTS; r++) {
            Piece piece = pieces.get(r % pieces.size());
            GenerationRequest request = randomRequest(piece, random);
            for (GeneratedSample sample : engine.generate(piece, request, 0, request.count(), GenerationListener.NONE)) {
                SampleChecks.assertValid(piece, request, sample.piece());
                samples++;
            }
        }
        System.out.printf("random Yellow-size model: %d requests, %d valid samples in %.1f s%n", REQUESTS, samples,
                (System.nanoTime() - start) / 1e9);
        assertThat(samples).isEqualTo(REQUESTS * 2);
    }
}
