package io.polyphon.midi;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.spi.MidiFileReader;
import javax.sound.midi.spi.MidiFileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ServiceLoader;

/**
 * Standard MIDI files through {@code javax.sound.midi}'s own reader and writer, whose providers are looked up once.
 * {@code MidiSystem} looks them up on every call, which inside a Spring Boot jar costs more than reading the file
 * does. Each call still gets a new reader or writer: the JDK's writer keeps per-file state and is not thread-safe.
 */
public final class MidiFiles {

    private static final ServiceLoader.Provider<MidiFileReader> READER =
            ServiceLoader.load(MidiFileReader.class).stream().findFirst().orElse(null);
    private static final ServiceLoader.Provider<MidiFileWriter> WRITER =
            ServiceLoader.load(MidiFileWriter.class).stream().findFirst().orElse(null);

    private MidiFiles() {
    }

    public static Sequence read(InputStream in) throws InvalidMidiDataException, IOException {
        return READER != null ? READER.get().getSequence(in) : MidiSystem.getSequence(in);
    }

    public static void write(Sequence sequence, int type, OutputStream out) throws IOException {
        if (WRITER != null) WRITER.get().write(sequence, type, out);
        else MidiSystem.write(sequence, type, out);
    }
}
