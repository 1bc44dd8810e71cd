package io.polyphon.standalone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where {@code generate --server} finds its key: --key, --key-file, $POLYPHON_API_KEY, then serve's data folder. */
class ApiKeyTest {

    @TempDir
    Path dir;

    private Path keptIn(Path data, String key) throws Exception {
        Files.createDirectories(data);
        return Files.writeString(Models.keyFile(data), key + "\n");
    }

    private static String resolve(Map<String, String> environment, String... args) {
        KeyOptions keys = new KeyOptions(environment);
        new CommandLine(keys).parseArgs(args);
        return keys.resolve();
    }

    @Test
    void theKeyOptionWinsOverEveryOtherSource() throws Exception {
        Path file = keptIn(dir, "pk_from_file");
        assertThat(resolve(Map.of("POLYPHON_API_KEY", "pk_from_env"), "--key", "pk_given", "--key-file",
                file.toString(), "--data", dir.toString())).isEqualTo("pk_given");
    }

    @Test
    void theOldApiKeySpellingStillWorks() {
        assertThat(resolve(Map.of(), "--api-key", "pk_given")).isEqualTo("pk_given");
    }

    @Test
    void aKeyFileIsReadWithoutItsNewlineAndWinsOverTheEnvironment() throws Exception {
        Path file = keptIn(dir.resolve("elsewhere"), "pk_from_file");
        assertThat(resolve(Map.of("POLYPHON_API_KEY", "pk_from_env"), "--key-file", file.toString()))
                .isEqualTo("pk_from_file");
    }

    @Test
    void theEnvironmentVariableWinsOverTheDataFolder() throws Exception {
        keptIn(dir, "pk_from_data");
        assertThat(resolve(Map.of("POLYPHON_API_KEY", " pk_from_env "), "--data", dir.toString()))
                .isEqualTo("pk_from_env");
    }

    @Test
    void theKeyServeKeepsInTheDataFolderIsFoundLast() throws Exception {
        keptIn(dir.resolve("my-data"), "pk_from_data");
        assertThat(resolve(Map.of("POLYPHON_API_KEY", " "), "--data", dir.resolve("my-data").toString()))
                .isEqualTo("pk_from_data");
    }

    @Test
    void withoutDataTheFolderIsTheOneServeUsesByDefaultUnderTheHome() throws Exception {
        String before = System.getProperty("polyphon.home");
        System.setProperty("polyphon.home", dir.toString());
        try {
            keptIn(dir.resolve("data"), "pk_default");
            assertThat(resolve(Map.of())).isEqualTo("pk_default");
        } finally {
            if (before == null) System.clearProperty("polyphon.home");
            else System.setProperty("polyphon.home", before);
        }
    }

    @Test
    void aRelativeDataFolderIsTakenFromWhereTheCommandRuns() {
        assertThat(Models.data(Path.of("some/../data-here"))).isEqualTo(Path.of("").toAbsolutePath().resolve("data-here"));
    }

    @Test
    void aKeyFileThatDoesNotExistIsRefusedNotSkipped() {
        assertThatThrownBy(() -> resolve(Map.of("POLYPHON_API_KEY", "pk_from_env"), "--key-file",
                dir.resolve("nope").toString()))
                .isInstanceOf(MissingKeyException.class)
                .hasMessageContaining(dir.resolve("nope").toString()).hasMessageContaining("does not exist");
    }

    @Test
    void anEmptyKeyFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("api-key"), "\n");
        assertThatThrownBy(() -> resolve(Map.of(), "--key-file", file.toString()))
                .isInstanceOf(MissingKeyException.class).hasMessageContaining("is empty");
    }

    @Test
    void noKeyAnywhereExitsWithStatusTwoAndNamesEveryWayToGiveOne() {
        StringWriter err = new StringWriter();
        CommandLine cli = PolyphonCli.commandLine(Map.of());
        cli.setErr(new PrintWriter(err, true));
        Path example = Models.home().resolve("examples/band.mid");
        Path empty = dir.resolve("empty-data");

        int status = cli.execute("generate", example.toString(), "--server", "http://127.0.0.1:9", "--data",
                empty.toString(), "--out", dir.resolve("out").toString(), "--infill", "2:5-8");

        assertThat(status).isEqualTo(PolyphonCli.REFUSED);
        assertThat(err.toString()).startsWith("error missing-key: ")
                .contains(Models.keyFile(empty).toString())
                .contains("--key KEY").contains("--key-file FILE").contains("POLYPHON_API_KEY").contains("--data DIR");
    }
}
