package io.polyphon.standalone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The banner {@code serve} prints: the studio, the docs, the key's file and a Try line that works as printed. */
class ServeBannerTest {

    private static final Map<String, String> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("storage-service", "http://127.0.0.1:40001/actuator/prometheus");
        METRICS.put("midi-service", "http://127.0.0.1:40002/actuator/prometheus");
        METRICS.put("generation-worker", "http://127.0.0.1:40003/actuator/prometheus");
        METRICS.put("gateway-service", "http://127.0.0.1:40004/actuator/prometheus");
    }

    @TempDir
    Path home;

    private ServeBanner banner(String url, Path data, Path workingDirectory) {
        return new ServeBanner(url, 12.3, "pk_secret", true, data, home, workingDirectory, METRICS);
    }

    static String tryLine(String banner) {
        return banner.lines().filter(l -> l.strip().startsWith("Try:")).findFirst().orElseThrow()
                .strip().substring("Try:".length()).strip();
    }

    @Test
    void theDefaultsGiveTheShortTryLineOfTheReadme() {
        String text = banner("http://127.0.0.1:8080", home.resolve("data"), home).text();
        assertThat(tryLine(text)).isEqualTo("./polyphon generate examples/band.mid --server http://127.0.0.1:8080 "
                + "--count 20 --infill 2:5-8 --out variations/");
    }

    @Test
    void itNamesTheStudioTheApiDocumentAndTheKeysFile() {
        String text = banner("http://127.0.0.1:8181", home.resolve("data"), home).text();
        assertThat(text).contains("Studio:    http://127.0.0.1:8181/ ")
                .contains("API docs:  http://127.0.0.1:8181/docs")
                .contains("API key:   pk_secret")
                .contains("Key file:  " + home.resolve("data/api-key") + "  (new)");
    }

    @Test
    void itSaysWherePrometheusScrapesEachOfTheFourServices() {
        List<String> lines = banner("http://127.0.0.1:8080", home.resolve("data"), home).text().lines()
                .filter(l -> l.contains("/actuator/prometheus")).map(String::strip).toList();
        assertThat(lines).containsExactly(
                "Metrics:   storage-service    http://127.0.0.1:40001/actuator/prometheus",
                "midi-service       http://127.0.0.1:40002/actuator/prometheus",
                "generation-worker  http://127.0.0.1:40003/actuator/prometheus",
                "gateway-service    http://127.0.0.1:40004/actuator/prometheus");
    }

    @Test
    void anotherDataFolderAndPortAreSpelledInTheTryLine() {
        Path data = home.resolve("elsewhere/my data");
        String text = banner("http://127.0.0.1:9191", data, home).text();
        assertThat(tryLine(text)).contains("--server http://127.0.0.1:9191 ")
                .contains("--key-file '" + data.resolve("api-key") + "' ");
    }

    @Test
    void awayFromTheRepositoryTheTryLineUsesAbsolutePaths() {
        String line = tryLine(banner("http://127.0.0.1:8080", home.resolve("data"), home.resolve("sub")).text());
        assertThat(line).startsWith(home.resolve("polyphon") + " generate " + home.resolve("examples/band.mid") + " ");
    }

    @Test
    void theTryLineParsesToAGenerateCommandThatFindsTheKeyServeKept() throws Exception {
        Path data = Files.createDirectories(home.resolve("other-data"));
        Files.writeString(Models.keyFile(data), "pk_kept\n");
        ServeBanner banner = banner("http://127.0.0.1:9191", data, home);
        List<String> words = banner.tryCommand();
        assertThat(ServeBannerTest.tryLine(banner.text())).isEqualTo(String.join(" ", words));

        // no environment: the line alone must carry the key's whereabouts
        CommandLine cli = PolyphonCli.commandLine(Map.of());
        CommandLine.ParseResult parsed = cli.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
        GenerateCommand generate = (GenerateCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(generate.server).isEqualTo("http://127.0.0.1:9191");
        assertThat(generate.keys.resolve()).isEqualTo("pk_kept");
    }

    @Test
    void aWordWithASpaceOrQuoteIsQuotedForTheShell() {
        assertThat(ServeBanner.shellWord("/tmp/a b/it's")).isEqualTo("'/tmp/a b/it'\\''s'");
        assertThat(Arrays.stream(new String[]{"--out", "variations/", "http://127.0.0.1:8080"})
                .map(ServeBanner::shellWord)).containsExactly("--out", "variations/", "http://127.0.0.1:8080");
    }
}
