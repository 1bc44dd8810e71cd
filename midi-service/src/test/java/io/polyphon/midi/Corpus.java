package io.polyphon.midi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real MIDI files of ../shared/corpus; tests that need them are skipped, with a message, where it is absent. */
public final class Corpus {

    private Corpus() {
    }

    public static Path folder() {
        Path folder = Path.of(System.getProperty("polyphon.corpus", "../../shared/corpus"));
        assumeTrue(Files.isDirectory(folder), "skipped: the MIDI corpus " + folder.toAbsolutePath()
                + " is absent (it lives in ../shared/corpus beside the checkout)");
        return folder;
    }

    /** Every MIDI file of the corpus, sorted by path. */
    public static List<Path> files() {
        try (Stream<Path> paths = Files.walk(folder())) {
            return paths.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(String relative) {
        try {
            return Files.readAllBytes(folder().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
