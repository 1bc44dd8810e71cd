package io.polyphon.midi.parse;

import io.polyphon.midi.MidiFiles;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TempoChange;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.TimeSignatures;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a Standard MIDI File into a normalized {@link Piece} (research §7, MMM-ENCODING decision 7): onsets and
 * releases rounded to the 12-tpq grid, one track per (file track, channel, program), drums on channel 10 as 1-tick
 * notes, bars tiled from the time-signature events.
 */
public final class MidiParser {

    private static final int DRUM_CHANNEL = 9;
    private static final int META_TEMPO = 0x51;
    private static final int META_TIME_SIGNATURE = 0x58;

    private final MidiLimits limits;

    public MidiParser(MidiLimits limits) {
        this.limits = limits;
    }

    /** Parses {@code data}; throws {@link MidiRejectedException} with a reason for anything that cannot be a piece. */
    public Piece parse(byte[] data) {
        int ticksPerQuarter = SmfStructure.check(data, limits);
        Sequence sequence = read(data);
        Grid grid = new Grid(ticksPerQuarter);

        Map<TrackKey, List<RawNote>> notesByTrack = new TreeMap<>();
        TreeMap<Long, TimeSignature> signatureChanges = new TreeMap<>();
        TreeMap<Long, Integer> tempoChanges = new TreeMap<>();
        javax.sound.midi.Track[] fileTracks = sequence.getTracks();
        for (int t = 0; t < fileTracks.length; t++) {
            readTrack(t, fileTracks[t], grid, notesByTrack, signatureChanges, tempoChanges);
        }
        if (notesByTrack.isEmpty()) throw new MidiRejectedException(Rejection.NO_NOTES, "The file has no notes to work with.");
        if (notesByTrack.size() > limits.maxTracks()) {
            throw new MidiRejectedException(Rejection.TOO_MANY_TRACKS, "The file has " + notesByTrack.size()
                    + " instrument tracks; at most " + limits.maxTracks() + " are accepted.");
        }

        long end = notesByTrack.values().stream().flatMap(List::stream)
                .mapToLong(n -> Math.max(n.onset() + 1, n.release())).max().orElse(1);
        List<TimeSignature> signatures = tileBars(signatureChanges, end);
        long[] barStarts = new long[signatures.size() + 1];
        for (int b = 0; b < signatures.size(); b++) barStarts[b + 1] = barStarts[b] + signatures.get(b).ticks();

        List<Track> tracks = new ArrayList<>();
        notesByTrack.forEach((key, notes) -> tracks.add(toTrack(key, notes, barStarts)));
        if (tempoChanges.isEmpty() || tempoChanges.firstKey() > 0) {
            tempoChanges.put(0L, TempoChange.DEFAULT_MICROS_PER_QUARTER); // MIDI plays at 120 bpm until told otherwise
        }
        List<TempoChange> tempos = new ArrayList<>();
        tempoChanges.forEach((tick, micros) -> tempos.add(new TempoChange(tick, micros)));
        return new Piece(signatures, tracks, tempos);
    }

    private static Sequence read(byte[] data) {
        try {
            return MidiFiles.read(new ByteArrayInputStream(data));
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new MidiRejectedException(Rejection.CORRUPT, "The MIDI data could not be read: " + e.getMessage());
        }
    }

    /** One piece track: MMM splits a file track by channel and by the program a note was played with. */
    private record TrackKey(int fileTrack, int channel, int program) implements Comparable<TrackKey> {
        private static final Comparator<TrackKey> ORDER = Comparator.comparingInt(TrackKey::fileTrack)
                .thenComparingInt(TrackKey::channel).thenComparingInt(TrackKey::program);

        boolean drum() {
            return channel == DRUM_CHANNEL;
        }

        @Override
        public int compareTo(TrackKey other) {
            return ORDER.compare(this, other);
        }
    }

    /** A note in grid ticks from the start of the piece. */
    private record RawNote(long onset, long release, int pitch, int velocity) {
    }

    private record Sounding(long onset, int velocity, int program) {
    }

    private void readTrack(int fileTrack, javax.sound.midi.Track track, Grid grid, Map<TrackKey, List<RawNote>> notes,
                           TreeMap<Long, TimeSignature> signatures, TreeMap<Long, Integer> tempos) {
        int[] programs = new int[16];
        Map<Integer, Sounding> sounding = new HashMap<>();
        int size = track.size();
        for (int first = 0; first < size; ) {
            long tick = track.get(first).getTick();
            int end = first;
            while (end < size && track.get(end).getTick() == tick) end++;
            // Releases of notes struck before this tick go first, so a note repeated at the tick it is released
            // survives in whichever order the file writes the pair; everything else keeps the file's order.
            boolean[] done = new boolean[end - first];
            for (int i = first; i < end; i++) {
                if (track.get(i).getMessage() instanceof ShortMessage sm && isRelease(sm)) {
                    Sounding open = sounding.get(key(sm));
                    if (open != null && open.onset() < tick) {
                        release(fileTrack, key(sm), tick, grid, sounding, notes);
                        done[i - first] = true;
                    }
                }
            }
            for (int i = first; i < end; i++) {
                if (done[i - first]) continue;
                MidiMessage message = track.get(i).getMessage();
                if (message instanceof MetaMessage meta) {
                    readMeta(meta, grid.round(tick), signatures, tempos);
                } else if (message instanceof ShortMessage sm) {
                    int channel = sm.getChannel();
                    if (sm.getCommand() == ShortMessage.PROGRAM_CHANGE) {
                        programs[channel] = sm.getData1();
                    } else if (isRelease(sm)) {
                        release(fileTrack, key(sm), tick, grid, sounding, notes); // struck at this tick: no length
                    } else if (sm.getCommand() == ShortMessage.NOTE_ON && channel == DRUM_CHANNEL) {
                        long onset = grid.round(tick);
                        add(notes, new TrackKey(fileTrack, channel, programs[channel]),
                                new RawNote(onset, onset + 1, sm.getData1(), sm.getData2()));
                    } else if (sm.getCommand() == ShortMessage.NOTE_ON) {
                        // A re-strike before release leaves the earlier onset unreleased: MMM drops it (§4.4).
                        sounding.put(key(sm), new Sounding(tick, sm.getData2(), programs[channel]));
                    }
                }
            }
            first = end;
        }
        // Notes never released are dropped, as MMM does.
    }

    private static boolean isRelease(ShortMessage sm) {
        return sm.getCommand() == ShortMessage.NOTE_OFF || (sm.getCommand() == ShortMessage.NOTE_ON && sm.getData2() == 0);
    }

    private static int key(ShortMessage sm) {
        return sm.getChannel() * 128 + sm.getData1();
    }

    private static void release(int fileTrack, int key, long tick, Grid grid, Map<Integer, Sounding> sounding,
                                Map<TrackKey, List<RawNote>> notes) {
        Sounding started = sounding.remove(key);
        int channel = key / 128;
        if (started == null || channel == DRUM_CHANNEL) return;
        long onset = grid.round(started.onset());
        long release = grid.round(tick);
        if (release > onset) {
            add(notes, new TrackKey(fileTrack, channel, started.program()),
                    new RawNote(onset, release, key % 128, started.velocity()));
        }
    }

    private static void add(Map<TrackKey, List<RawNote>> notes, TrackKey key, RawNote note) {
        notes.computeIfAbsent(key, k -> new ArrayList<>()).add(note);
    }

    private static void readMeta(MetaMessage meta, long gridTick, TreeMap<Long, TimeSignature> signatures,
                                 TreeMap<Long, Integer> tempos) {
        byte[] d = meta.getData();
        if (meta.getType() == META_TIME_SIGNATURE && d.length >= 2) {
            int numerator = d[0] & 0xFF;
            int power = d[1] & 0xFF;
            if (numerator > 0 && power < 31) signatures.put(gridTick, new TimeSignature(numerator, 1 << power));
        } else if (meta.getType() == META_TEMPO && d.length >= 3) {
            int micros = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
            if (micros > 0) tempos.put(gridTick, micros);
        }
    }

    /**
     * Lays bars from the start of the piece up to {@code end}; a time-signature change takes effect at the first bar
     * line at or after its tick, and 4/4 holds until the first one.
     */
    private List<TimeSignature> tileBars(TreeMap<Long, TimeSignature> changes, long end) {
        List<TimeSignature> bars = new ArrayList<>();
        TimeSignature current = TimeSignature.FOUR_FOUR;
        long start = 0;
        while (start < end) {
            Map.Entry<Long, TimeSignature> change = changes.floorEntry(start);
            if (change != null) current = change.getValue();
            if (!TimeSignatures.isEncodable(current)) {
                throw new MidiRejectedException(Rejection.UNSUPPORTED_TIME_SIGNATURE, "Bar " + (bars.size() + 1)
                        + " is in " + current + ", which MMM cannot encode; it knows " + TimeSignatures.ALL + ".");
            }
            bars.add(current);
            if (bars.size() > limits.maxBars()) {
                throw new MidiRejectedException(Rejection.TOO_LONG,
                        "The piece is longer than " + limits.maxBars() + " bars.");
            }
            start += current.ticks();
        }
        return bars;
    }

    private static Track toTrack(TrackKey key, List<RawNote> notes, long[] barStarts) {
        List<List<Note>> bars = new ArrayList<>();
        for (int b = 0; b < barStarts.length - 1; b++) bars.add(new ArrayList<>());
        java.util.Set<Long> drumHits = new java.util.HashSet<>();
        for (RawNote note : notes) {
            int bar = barOf(note.onset(), barStarts);
            int onset = (int) (note.onset() - barStarts[bar]);
            if (key.drum() && !drumHits.add(note.onset() * 128 + note.pitch())) continue; // one hit per pitch and tick
            int duration = (int) Math.min(Integer.MAX_VALUE, note.release() - note.onset());
            bars.get(bar).add(new Note(onset, duration, note.pitch(), note.velocity()));
        }
        return new Track(key.program(), key.drum(), bars.stream().map(Bar::new).toList());
    }

    private static int barOf(long tick, long[] barStarts) {
        int i = Arrays.binarySearch(barStarts, tick);
        return i >= 0 ? i : -i - 2;
    }

    /** MIDI ticks to the 12-tpq grid, rounding half up: ⌊tick·12/tpq + ½⌋. */
    private record Grid(int ticksPerQuarter) {
        long round(long tick) {
            return (tick * 24 + ticksPerQuarter) / (2L * ticksPerQuarter);
        }
    }
}
