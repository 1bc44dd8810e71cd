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
 * Standard MIDI files through {@code javax.sound.midi}'s own reader and writer, looked up once. {@code MidiSystem}
 * looks its providers up on every call, which inside a Spring Boot jar costs more than reading the file does.
 */
public final class MidiFiles {

    private static final MidiFileReader READER = ServiceLoader.load(MidiFileReader.class).findFirst().orElse(null);
    private static final MidiFileWriter WRITER = ServiceLoader.load(MidiFileWriter.class).findFirst().orElse(null);

    private MidiFiles() {
    }

    public static Sequence read(InputStream in) throws InvalidMidiDataException, IOException {
        return READER != null ? READER.getSequence(in) : MidiSystem.getSequence(in);
    }

    public static void write(Sequence sequence, int type, OutputStream out) throws IOException {
        if (WRITER != null) WRITER.write(sequence, type, out);
        else MidiSystem.write(sequence, type, out);
    }
}
