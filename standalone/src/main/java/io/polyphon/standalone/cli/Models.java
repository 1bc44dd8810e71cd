package io.polyphon.standalone.cli;

import java.nio.file.Path;

/** Where Polyphon's files live: the home the launcher names, its bundled model and its local stack's data. */
final class Models {

    private Models() {
    }

    static Path home() {
        return Path.of(System.getProperty("polyphon.home", "."));
    }

    static Path bundled() {
        return home().resolve("model").resolve("polyphon-mmm.onnx");
    }

    /**
     * The local stack's data folder: the one given (relative to where the command runs), else {@code data} under the
     * home, so {@code serve} and {@code generate --server} agree on it wherever each is started from.
     */
    static Path data(Path given) {
        return (given != null ? given : home().resolve("data")).toAbsolutePath().normalize();
    }

    /** The file in which the local stack keeps its API key, as {@code LocalStack} names it. */
    static Path keyFile(Path data) {
        return data.resolve("api-key");
    }
}
