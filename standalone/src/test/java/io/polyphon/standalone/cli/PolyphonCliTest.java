package io.polyphon.standalone.cli;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PolyphonCliTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private record Run(int status, String out) {
    }

    private Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            CommandLine cli = PolyphonCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            return new Run(cli.execute(args), out.toString());
        } finally {
            System.setOut(original);
        }
    }

    private Path workedExample() throws Exception {
        Path file = dir.resolve("worked.mid");
        Files.write(file, new MidiBuilder(480).timeSignature(4, 4, 0)
                .track().note(0, 60, 100, 0, 480).note(0, 64, 100, 480, 720).bytes());
        return file;
    }

    @Test
    void tokensPrintsTheLegacyIdsOfTheWorkedExampleOnOneLine() throws Exception {
        Run run = run("tokens", workedExample().toString(), "--bars", "4", "--layout", "legacy");
        assertThat(run.status()).isZero();
        assertThat(run.out().strip())
                .isEqualTo("0 2 42 45 585 595 575 582 4 19 640 214 293 390 218 287 5 4 19 5 4 19 5 4 19 5 44");
    }

    @Test
    void tokensUseThe2026LayoutByDefault() throws Exception {
        assertThat(run("tokens", workedExample().toString(), "--bars", "4").out()).startsWith("0 152 2 43 615 625 637 644 ");
    }

    @Test
    void tokensOnTheTruncateGridTruncateWhereTheRoundGridRounds() throws Exception {
        Path file = dir.resolve("off-grid.mid");
        Files.write(file, new MidiBuilder(480).track().note(0, 60, 90, 30, 500).bytes()); // 0.75 and 12.5 grid ticks
        assertThat(run("tokens", file.toString(), "--bars", "4", "--grid", "round").out()).contains(" 5 20 379 592 214 293 6 ");
        assertThat(run("tokens", file.toString(), "--bars", "4", "--grid", "truncate").out()).contains(" 5 20 592 214 292 6 ");
    }

    @Test
    void tokensOfAFileWithoutNotesArePieceStartAndFourBarsAsTheReferenceWrites() throws Exception {
        Path empty = dir.resolve("empty.mid");
        Files.write(empty, new MidiBuilder(480).tempo(500_000, 0).bytes());
        assertThat(run("tokens", empty.toString(), "--bars", "8").out().strip()).isEqualTo("0 152");
    }

    @Test
    void anUnknownGridIsRefused() throws Exception {
        assertThat(run("tokens", workedExample().toString(), "--bars", "4", "--grid", "nearest").status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error bad-request: unknown reading grid 'nearest'");
    }

    @Test
    void aRefusedFileExitsWithStatusTwoAndTheProblemCode() throws Exception {
        Path empty = dir.resolve("empty.mid");
        Files.write(empty, new MidiBuilder(480).tempo(500_000, 0).bytes());
        Run run = run("inspect", empty.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error no-notes: ");
    }

    @Test
    void aMissingFileExitsWithStatusTwo() {
        assertThat(run("inspect", dir.resolve("nope.mid").toString()).status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error file-not-found: ");
    }

    @Test
    void aWindowOtherThanFourOrEightBarsIsRefused() throws Exception {
        assertThat(run("tokens", workedExample().toString(), "--bars", "6").status()).isEqualTo(2);
        assertThat(err.toString()).contains("4 or 8 bars");
    }

    @Test
    void inspectAsJsonNumbersTracksFromOne() throws Exception {
        Run run = run("inspect", workedExample().toString(), "--json");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("\"number\" : 1").contains("\"instrument\" : \"Acoustic Grand Piano\"");
    }

    private static Path example() {
        return Path.of(System.getProperty("polyphon.home", "..")).resolve("examples").resolve("band.mid");
    }

    @Test
    void generateWritesOneMidiFilePerSampleWithOnlyTheAskedBarsChanged() throws Exception {
        Path out = dir.resolve("out");
        Run run = run("generate", example().toString(), "--count", "3", "--out", out.toString(), "--infill", "2:5-8",
                "--seed", "9");
        assertThat(run.status()).as(err.toString()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("band-0001.mid", "band-0002.mid", "band-0003.mid");
        }
        MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
        Piece input = parser.parse(Files.readAllBytes(example()));
        Piece sample = parser.parse(Files.readAllBytes(out.resolve("band-0001.mid")));
        assertThat(sample.tracks().get(0)).isEqualTo(input.tracks().get(0));
        assertThat(sample.tracks().get(1).bars().subList(0, 4)).isEqualTo(input.tracks().get(1).bars().subList(0, 4));
        assertThat(run.out()).contains("3 samples in");
    }

    @Test
    void generateRefusesABarOutsideThePiece() {
        Run run = run("generate", example().toString(), "--out", dir.toString(), "--infill", "2:7-12");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error bar-out-of-range: ");
    }

    @Test
    void generateRefusesAnUnknownInstrument() {
        Run run = run("generate", example().toString(), "--out", dir.toString(), "--add-track", "kazoo");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error unknown-instrument: ");
    }

    @Test
    void generateRefusesACountOfZeroOrOverAThousand() {
        assertThat(run("generate", example().toString(), "--out", dir.toString(), "--regenerate", "1", "--count", "0")
                .status()).isEqualTo(2);
        assertThat(run("generate", example().toString(), "--out", dir.toString(), "--regenerate", "1", "--count", "1001")
                .status()).isEqualTo(2);
        assertThat(err.toString()).contains("error count-out-of-range: ");
    }

    @Test
    void generateRefusesATrackThePieceDoesNotHave() {
        Run run = run("generate", example().toString(), "--out", dir.toString(), "--regenerate", "9");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error unknown-track: ");
    }

    @Test
    void loadtestRefusesADurationThatIsNotLongerThanZero() {
        assertThat(run("loadtest", "--duration", "-5s").status()).isEqualTo(PolyphonCli.REFUSED);
        assertThat(err.toString()).contains("'-5s' is not longer than 0");
    }

    @Test
    void loadtestRefusesAJobOverAThousandSamples() {
        assertThat(run("loadtest", "--bulk-count", "1001").status()).isEqualTo(PolyphonCli.REFUSED);
        assertThat(err.toString()).startsWith("error bad-request: --bulk-count must be 1 to 1000");
    }

    @Test
    void loadtestNamesAServerItCannotReach() {
        assertThat(run("loadtest", "--server", "http://127.0.0.1:1", "--key", "pk_any", "--duration", "5s").status())
                .isEqualTo(PolyphonCli.REFUSED);
        assertThat(err.toString()).startsWith("error unreachable: cannot reach http://127.0.0.1:1");
    }

    @Test
    void generateRefusesANegativeTokenCap() {
        Run run = run("generate", example().toString(), "--out", dir.toString(), "--regenerate", "1",
                "--max-new-tokens", "-1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error invalid-max-new-tokens: --max-new-tokens must be 0 (no cap) or more, not -1");
    }

    @Test
    void generateRefusesATokenCapForAServer() {
        Run run = run("generate", example().toString(), "--out", dir.toString(), "--regenerate", "1",
                "--max-new-tokens", "64", "--server", "http://127.0.0.1:1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error invalid-max-new-tokens: ").contains("POLYPHON_WORKER_MAX_NEW_TOKENS");
    }

    @Test
    void generateUnderATokenCapStillWritesEverySample() throws Exception {
        Path out = dir.resolve("capped");
        Run run = run("generate", example().toString(), "--count", "2", "--out", out.toString(), "--infill", "2:5-8",
                "--max-new-tokens", "8");
        assertThat(run.status()).as(err.toString()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void benchGenerateRefusesANegativeTokenCapBeforeLoadingAModel() {
        Run run = run("bench", "generate", example().toString(), "--model", dir.resolve("none.onnx").toString(),
                "--max-new-tokens", "-5");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error invalid-max-new-tokens: --max-new-tokens must be 0 (no cap) or more, not -5");
    }

    @Test
    void benchGenerateRefusesABarsPerStepOutsideTheWindow() {
        Run run = run("bench", "generate", example().toString(), "--model", dir.resolve("none.onnx").toString(),
                "--bars-per-step", "9");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error invalid-bars-per-step: --bars-per-step must be 0 (the model's default plan)..8, not 9");
    }

    @Test
    void benchGenerateRefusesAnUnknownScenario() {
        Run run = run("bench", "generate", example().toString(), "--model", dir.resolve("none.onnx").toString(),
                "--scenarios", "a,e");
        assertThat(run.status()).isEqualTo(2);
        assertThat(err.toString()).startsWith("error bad-request: unknown scenario 'e' in --scenarios; try a, b, c, d");
    }

    @Test
    void benchGenerateRefusesANegativeBaselineOrBatch() {
        assertThat(run("bench", "generate", example().toString(), "--model", dir.resolve("none.onnx").toString(),
                "--one-at-a-time", "-1").status()).isEqualTo(2);
        assertThat(run("bench", "generate", example().toString(), "--model", dir.resolve("none.onnx").toString(),
                "--batches", "0").status()).isEqualTo(2);
        assertThat(err.toString()).contains("error bad-request: --one-at-a-time must be 0 (skip the baseline)..1000, not -1")
                .contains("error bad-request: --batches must each be 1..1000, not 0");
    }

    @Test
    void benchGenerateSaysWhereEachBatchsTimeGoesAndTheWeightsFloor() {
        Run run = run("bench", "generate", example().toString(), "--scenarios", "a", "--batches", "1,4",
                "--one-at-a-time", "0");
        assertThat(run.status()).as(err.toString()).isZero();
        assertThat(run.out()).containsPattern("batch 4 .* \\d+/\\d+/-?\\d+ %")
                .contains("a decode step over nothing cached (the weights alone: the floor of any step)")
                .containsPattern("batch 4 +[0-9.]+ ms +[0-9.]+ ms a row +at most [0-9.]+x batch 1's samples/s");
    }
}
