package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.standalone.stack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code polyphon generate --server} against the local stack: the batch lands in the folder; a refusal exits 2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerateOnServerIT {

    @TempDir
    Path out;

    LocalStack stack;
    Path data;
    final Path home = Path.of(System.getProperty("polyphon.home", ".."));

    @BeforeAll
    void startStack() throws Exception {
        data = Files.createTempDirectory("polyphon-cli");
        stack = LocalStack.start(data, home.resolve("model/polyphon-mmm.onnx"));
    }

    @AfterAll
    void stopStack() {
        if (stack != null) stack.close();
    }

    private int generate(StringWriter err, String key, String... more) {
        CommandLine cli = PolyphonCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] args = Stream.concat(Stream.of("generate", home.resolve("examples/band.mid").toString(),
                "--server", stack.gatewayUrl(), "--api-key", key, "--out", out.toString()), Stream.of(more))
                .toArray(String[]::new);
        return cli.execute(args);
    }

    @Test
    void theBatchGeneratedOnTheServerLandsInTheFolderNamedAsTheInProcessCommandNamesIt() throws Exception {
        int status = generate(new StringWriter(), stack.apiKey(), "--count", "6", "--infill", "2:5-8");
        assertThat(status).isZero();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("band-0001.mid", "band-0002.mid", "band-0003.mid", "band-0004.mid",
                            "band-0005.mid", "band-0006.mid");
        }
        assertThat(new MidiParser(MidiLimits.DEFAULT).parse(Files.readAllBytes(out.resolve("band-0006.mid"))).tracks())
                .hasSize(3);
    }

    @Test
    void aKeyTheServerDoesNotKnowExitsWithItsCode() {
        StringWriter err = new StringWriter();
        assertThat(generate(err, "pk_wrong", "--count", "2", "--infill", "2:5-8")).isEqualTo(PolyphonCli.REFUSED);
        assertThat(err.toString()).startsWith("error unknown-key:");
    }

    @Test
    void theTryLineOfServesBannerRunsAsPrintedWithNoKeyInTheEnvironment() throws Exception {
        String banner = ServeBanner.of(stack.gatewayUrl(), 0, stack.apiKey(), false, data, stack.scrapeUrls()).text();
        List<String> words = new ArrayList<>(List.of(ServeBannerTest.tryLine(banner).split(" ")));
        // the first word is the launcher; only the folder the samples land in is this test's own (not the shared
        // one the other tests list)
        Path variations = Files.createTempDirectory("polyphon-try");
        words.set(words.indexOf("--out") + 1, variations.toString());
        CommandLine cli = PolyphonCli.commandLine(Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute(words.subList(1, words.size()).toArray(String[]::new))).as(err.toString()).isZero();
        try (Stream<Path> files = Files.list(variations)) {
            assertThat(files.count()).isEqualTo(20);
        }
    }
}
