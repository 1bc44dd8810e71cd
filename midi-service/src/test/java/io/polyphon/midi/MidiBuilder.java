package io.polyphon.midi;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds small MIDI files for tests with javax.sound.midi, in the file's own ticks. */
public final class MidiBuilder {

    private final Sequence sequence;
    private Track current;

    public MidiBuilder(int ticksPerQuarter) {
        try {
            sequence = new Sequence(Sequence.PPQ, ticksPerQuarter);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
        current = sequence.createTrack();
    }

    /** Starts the next file track. */
    public MidiBuilder track() {
        current = sequence.createTrack();
        return this;
    }

    public MidiBuilder program(int channel, int program, long tick) {
        return shortMessage(ShortMessage.PROGRAM_CHANGE, channel, program, 0, tick);
    }

    public MidiBuilder note(int channel, int pitch, int velocity, long onTick, long offTick) {
        shortMessage(ShortMessage.NOTE_ON, channel, pitch, velocity, onTick);
        return shortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0, offTick);
    }

    public MidiBuilder noteOn(int channel, int pitch, int velocity, long tick) {
        return shortMessage(ShortMessage.NOTE_ON, channel, pitch, velocity, tick);
    }

    public MidiBuilder noteOff(int channel, int pitch, long tick) {
        return shortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0, tick);
    }

    public MidiBuilder timeSignature(int numerator, int denominator, long tick) {
        int power = Integer.numberOfTrailingZeros(denominator);
        return meta(0x58, new byte[]{(byte) numerator, (byte) power, 24, 8}, tick);
    }

    public MidiBuilder tempo(int microsPerQuarter, long tick) {
        return meta(0x51, new byte[]{(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8),
                (byte) microsPerQuarter}, tick);
    }

    public MidiBuilder lyric(String text, long tick) {
        return meta(0x05, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), tick);
    }

    /** The file as type 1 (or type 0 when it has a single track). */
    public byte[] bytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MidiSystem.write(sequence, sequence.getTracks().length == 1 ? 0 : 1, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MidiBuilder shortMessage(int command, int channel, int data1, int data2, long tick) {
        try {
            current.add(new MidiEvent(new ShortMessage(command, channel, data1, data2), tick));
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    private MidiBuilder meta(int type, byte[] data, long tick) {
        try {
            current.add(new MidiEvent(new MetaMessage(type, data, data.length), tick));
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }
}
