package io.polyphon.midi.parse;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.inspect.PieceInspector;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Piece;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of truncated, mutated and random inputs: each one is parsed (and summarized) or refused with a problem
 * code; no other exception escapes, and none takes more than a second.
 */
class HostileInputFuzzTest {

    private static final int INPUTS = 4_000;

    private final MidiParser parser = new MidiParser(new MidiLimits(1 << 20, 32, 100_000, 2_048));
    private final PieceInspector inspector = new PieceInspector(DensityTable.yellow());

    @Test
    void everyHostileInputIsParsedOrRefusedWithACodeWithinASecond() throws IOException {
        List<byte[]> seeds = seeds();
        Random random = new Random(20261125);
        int parsed = 0;
        int refused = 0;
        long slowestNanos = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random, i % 5);
            long start = System.nanoTime();
            try {
                Piece piece = parser.parse(input);
                inspector.summarize(piece);
                parsed++;
            } catch (MidiRejectedException e) {
                assertThat(e.rejection().code()).isNotBlank();
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
        }
        System.out.printf("fuzz: %d parsed, %d refused, slowest %.1f ms%n", parsed, refused, slowestNanos / 1e6);
        assertThat(parsed + refused).isEqualTo(INPUTS);
        assertThat(slowestNanos).isLessThan(1_000_000_000L);
    }

    private static byte[] mutate(byte[] seed, Random random, int kind) {
        return switch (kind) {
            case 0 -> Arrays.copyOf(seed, random.nextInt(seed.length + 1)); // truncated
            case 1 -> { // bytes flipped
                byte[] out = seed.clone();
                for (int n = 1 + random.nextInt(8); n > 0; n--) out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                yield out;
            }
            case 2 -> { // a run of random bytes spliced in
                int at = random.nextInt(seed.length);
                byte[] junk = new byte[1 + random.nextInt(64)];
                random.nextBytes(junk);
                byte[] out = new byte[seed.length + junk.length];
                System.arraycopy(seed, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(seed, at, out, at + junk.length, seed.length - at);
                yield out;
            }
            case 3 -> { // a valid header followed by noise
                byte[] out = new byte[14 + random.nextInt(512)];
                random.nextBytes(out);
                System.arraycopy(seed, 0, out, 0, 14);
                if (random.nextBoolean()) System.arraycopy("MTrk".getBytes(), 0, out, 14, Math.min(4, out.length - 14));
                yield out;
            }
            default -> { // pure noise
                byte[] out = new byte[random.nextInt(256)];
                random.nextBytes(out);
                yield out;
            }
        };
    }

    /** Real files from the corpus where present, and built ones always. */
    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(new MidiBuilder(480).timeSignature(3, 4, 0).tempo(500_000, 0)
                .track().program(0, 24, 0).note(0, 60, 90, 0, 480).note(0, 64, 80, 240, 960)
                .track().note(9, 36, 100, 0, 10).note(9, 42, 70, 240, 250).bytes());
        seeds.add(new MidiBuilder(96).program(1, 33, 0).note(1, 40, 90, 0, 96).note(0, 60, 90, 48, 300).bytes());
        Path corpus = Path.of(System.getProperty("polyphon.corpus", "../../shared/corpus"));
        if (Files.isDirectory(corpus.resolve("sketches"))) {
            try (var files = Files.list(corpus.resolve("sketches"))) {
                for (Path p : files.sorted().limit(10).toList()) seeds.add(Files.readAllBytes(p));
            }
        }
        return seeds;
    }
}
