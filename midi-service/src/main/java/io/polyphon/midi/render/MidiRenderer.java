package io.polyphon.midi.render;

import io.polyphon.midi.MidiFiles;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TempoChange;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.Instruments;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a {@link Piece} as a type-1 Standard MIDI File any DAW opens: a conductor track with the tempo map and
 * time signatures, then one named track per instrument on its own channel (drums on channel 10).
 */
public final class MidiRenderer {

    /** Ticks per quarter note of written files; a multiple of the 12-tpq grid that DAWs are at home with. */
    static final int RESOLUTION = 480;
    private static final int SCALE = RESOLUTION / Piece.TICKS_PER_QUARTER;
    private static final int DRUM_CHANNEL = 9;
    private static final int[] PITCHED_CHANNELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15};

    private MidiRenderer() {
    }

    public static byte[] render(Piece piece) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MidiFiles.write(sequence(piece), 1, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events {@link #render} writes, for a player that takes a sequence rather than a file. */
    public static Sequence sequence(Piece piece) {
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, RESOLUTION);
            writeConductor(sequence.createTrack(), piece);
            int pitched = 0;
            for (Track track : piece.tracks()) {
                int channel = track.drum() ? DRUM_CHANNEL : PITCHED_CHANNELS[pitched++ % PITCHED_CHANNELS.length];
                writeTrack(sequence.createTrack(), piece, track, channel);
            }
            return sequence;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("could not build a MIDI event", e);
        }
    }

    private static void writeConductor(javax.sound.midi.Track conductor, Piece piece) throws InvalidMidiDataException {
        for (TempoChange tempo : piece.tempos()) {
            int m = tempo.microsPerQuarter();
            conductor.add(meta(0x51, new byte[]{(byte) (m >> 16), (byte) (m >> 8), (byte) m}, tempo.tick() * SCALE));
        }
        TimeSignature previous = null;
        long start = 0;
        for (TimeSignature signature : piece.timeSignatures()) {
            if (!signature.equals(previous)) {
                int power = Integer.numberOfTrailingZeros(signature.denominator());
                conductor.add(meta(0x58, new byte[]{(byte) signature.numerator(), (byte) power, 24, 8}, start * SCALE));
                previous = signature;
            }
            start += signature.ticks();
        }
    }

    private static void writeTrack(javax.sound.midi.Track out, Piece piece, Track track, int channel)
            throws InvalidMidiDataException {
        String name = track.drum() ? "Drums" : Instruments.name(track.program());
        out.add(meta(0x03, name.getBytes(StandardCharsets.US_ASCII), 0));
        out.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, track.program(), 0), 0));
        List<MidiEvent> events = new ArrayList<>();
        long end = piece.barStart(piece.barCount());
        long[] nextOnset = new long[128];
        java.util.Arrays.fill(nextOnset, Long.MAX_VALUE);
        for (int b = piece.barCount() - 1; b >= 0; b--) { // backwards, to know each pitch's next onset
            long barStart = piece.barStart(b);
            List<Note> notes = track.bars().get(b).notes();
            for (int i = notes.size() - 1; i >= 0; i--) {
                Note note = notes.get(i);
                long onset = barStart + note.onset();
                // a note ends by the piece's last bar line and before its pitch sounds again, so a player
                // neither adds bars nor cuts the next note short
                long release = Math.min(Math.min(onset + note.duration(), end), nextOnset[note.pitch()]);
                nextOnset[note.pitch()] = onset;
                if (release <= onset) continue;
                events.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, note.pitch(), note.velocity()), onset * SCALE));
                events.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, note.pitch(), 0), release * SCALE));
            }
        }
        // Releases first at a shared tick, so a repeated pitch is not cut off by its predecessor's release.
        events.sort(Comparator.comparingLong(MidiEvent::getTick).thenComparingInt(e -> isOnset(e.getMessage()) ? 1 : 0));
        events.forEach(out::add);
    }

    private static boolean isOnset(MidiMessage message) {
        return message instanceof ShortMessage sm && sm.getCommand() == ShortMessage.NOTE_ON;
    }

    private static MidiEvent meta(int type, byte[] data, long tick) throws InvalidMidiDataException {
        return new MidiEvent(new MetaMessage(type, data, data.length), tick);
    }
}
