package io.polyphon.standalone.stack;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's curl examples work as written: the block after its marker runs in bash against the local stack,
 * with only the key and the address of this stack in place of the first two lines.
 */
class ReadmeExamplesIT {

    private static final String MARKER = "<!-- ReadmeExamplesIT runs the next block -->";

    @TempDir
    Path data;

    @TempDir
    Path workDir;

    @Test
    void theReadmesCurlExamplesRunAgainstTheLocalStack() throws Exception {
        assumeTrue(onPath("curl"), "skipped: curl is not installed");
        Path home = Path.of(System.getProperty("polyphon.home", ".."));
        String script = readmeBlock(home.resolve("README.md"));
        Files.createDirectories(workDir.resolve("examples"));
        Files.copy(home.resolve("examples/band.mid"), workDir.resolve("examples/band.mid"));

        try (LocalStack stack = LocalStack.start(data, PipelineAcceptance.model())) {
            String run = "KEY='" + stack.apiKey() + "'\nAPI='" + stack.gatewayUrl() + "/v1'\n" + script;
            Process bash = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", run)
                    .directory(workDir.toFile()).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes());
            int status = bash.waitFor();
            System.out.println(output);
            assertThat(status).as(output).isZero();
            assertThat(output).contains("event:completed").contains("\"code\":\"bar-out-of-range\"");
        }
        try (ZipFile zip = new ZipFile(workDir.resolve("variations.zip").toFile())) {
            assertThat(zip.size()).isEqualTo(20);
        }
        assertThat(new MidiParser(MidiLimits.DEFAULT).parse(Files.readAllBytes(workDir.resolve("variation.mid")))
                .tracks()).hasSize(3);
    }

    /** The README's block after the marker, without its lines that set the key and the address. */
    static String readmeBlock(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int marker = lines.indexOf(MARKER);
        assertThat(marker).as("the README still has the marker " + MARKER).isNotNegative();
        int open = marker + 1;
        assertThat(lines.get(open)).startsWith("```");
        int close = open + 1;
        while (!lines.get(close).startsWith("```")) close++;
        return lines.subList(open + 1, close).stream()
                .filter(line -> !line.startsWith("KEY=") && !line.startsWith("API="))
                .collect(Collectors.joining("\n"));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
