package io.polyphon.standalone.cli;

import java.nio.file.Path;

/** Where the bundled model lives: {@code model/polyphon-mmm.onnx} under the Polyphon home the launcher names. */
final class Models {

    private Models() {
    }

    static Path bundled() {
        return Path.of(System.getProperty("polyphon.home", ".")).resolve("model").resolve("polyphon-mmm.onnx");
    }
}
