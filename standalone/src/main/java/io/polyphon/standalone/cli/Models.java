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
}
