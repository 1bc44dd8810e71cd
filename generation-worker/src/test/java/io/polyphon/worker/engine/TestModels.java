package io.polyphon.worker.engine;

import java.nio.file.Path;

/** The models tests run: the bundled one, committed under model/. */
public final class TestModels {

    private TestModels() {
    }

    public static Path home() {
        return Path.of(System.getProperty("polyphon.home", "..")).toAbsolutePath().normalize();
    }

    public static Path bundled() {
        return home().resolve("model").resolve("polyphon-mmm.onnx");
    }
}
