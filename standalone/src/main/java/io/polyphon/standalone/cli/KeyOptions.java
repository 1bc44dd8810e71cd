package io.polyphon.standalone.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The API key of a command that talks to a running Polyphon, found in this order: {@code --key}, {@code --key-file},
 * {@code $POLYPHON_API_KEY}, then the key {@code serve} keeps in {@code <data>/api-key}, with {@code --data}
 * defaulting as {@code serve}'s does.
 */
final class KeyOptions {

    static final String ENVIRONMENT_VARIABLE = "POLYPHON_API_KEY";

    @Option(names = {"--key", "--api-key"}, paramLabel = "KEY", description = "API key for --server")
    String key;

    @Option(names = "--key-file", paramLabel = "FILE", description = "file holding the API key (as serve's <data>/api-key)")
    Path keyFile;

    @Option(names = "--data", paramLabel = "DIR",
            description = "data folder of the 'serve' whose key (DIR/api-key) to use (default: data/ in the repository)")
    Path data;

    private final Map<String, String> environment;

    KeyOptions() {
        this(System.getenv());
    }

    KeyOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    String resolve() {
        if (key != null) return nonBlank(key.trim(), "no API key: --key is empty; " + HOW);
        if (keyFile != null) {
            Path file = keyFile.toAbsolutePath().normalize();
            return read(file, "--key-file " + file);
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment.trim();
        Path kept = Models.keyFile(Models.data(data));
        return read(kept, kept + (data != null ? " (the key file of --data " + Models.data(data) + ")"
                : " (where 'polyphon serve' keeps it by default)"));
    }

    private static String read(Path file, String named) {
        if (!Files.isReadable(file)) {
            throw new MissingKeyException("no API key: " + named + " "
                    + (Files.exists(file) ? "cannot be read" : "does not exist") + "; " + HOW);
        }
        try {
            return nonBlank(Files.readString(file).trim(), "no API key: " + named + " is empty; " + HOW);
        } catch (IOException e) {
            throw new MissingKeyException("no API key: " + named + " cannot be read (" + e.getMessage() + "); " + HOW);
        }
    }

    private static String nonBlank(String key, String refusal) {
        if (key.isEmpty()) throw new MissingKeyException(refusal);
        return key;
    }

    private static final String HOW = "pass --key KEY or --key-file FILE, set " + ENVIRONMENT_VARIABLE
            + ", or --data DIR of the 'polyphon serve' that runs the server (its key is DIR/api-key)";
}
