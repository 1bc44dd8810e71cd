package io.polyphon.midi.parse;

import io.polyphon.midi.MidiFiles;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.ReadingGrid;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a Standard MIDI File into a normalized {@link Piece} as the reference tokenizer (MIDI-GPT 0.3.2) reads it
 * (MMM-ENCODING decision 7, tokenizer-goldens README), on either {@link ReadingGrid}: note-ons and releases paired
 * first in, first out per channel and pitch; one track per (file track, channel, program at the note-on), in file
 * track order, then channel, then program; drums on channel 10 as 1-tick notes; bars tiled from the time-signature
 * events. {@link #parse} is the service's reading; {@link #readAsReference} the reference's own, where the two part
 * (shared-schema README lists where and why).
 */
public final class MidiParser {

    private static final int DRUM_CHANNEL = 9;
    private static final int META_LYRIC = 0x05;
    private static final int META_TEMPO = 0x51;
    private static final int META_TIME_SIGNATURE = 0x58;

    private final MidiLimits limits;
    private final ReadingGrid grid;

    /** A parser on the round grid, the bundled model's. */
    public MidiParser(MidiLimits limits) {
        this(limits, ReadingGrid.ROUND);
    }

    /** A parser on {@code grid}, the one the model in use names. */
    public MidiParser(MidiLimits limits, ReadingGrid grid) {
        this.limits = limits;
        this.grid = grid;
    }

    /** {@link #parse(byte[], ReadingGrid)} on this parser's grid. */
    public Piece parse(byte[] data) {
        return parse(data, grid);
    }

    /**
     * The service's reading on {@code grid}; throws {@link MidiRejectedException} with a reason for anything that
     * cannot be a piece, including a file without notes.
     */
    public Piece parse(byte[] data, ReadingGrid grid) {
        Piece piece = read(data, grid, false);
        if (piece.noteCount() == 0) throw new MidiRejectedException(Rejection.NO_NOTES, "The file has no notes to work with.");
        return piece;
    }

    /**
     * Exactly what the reference reads on {@code grid}: a file without notes is a piece without tracks, a file track
     * with lyrics keeps an empty channel-1 piano track, and on the round grid a note whose onset rounds onto the next
     * bar line is dropped. Refusals of a file that is not MIDI, too large, or in a time signature MMM lacks stand.
     */
    public Piece readAsReference(byte[] data, ReadingGrid grid) {
        return read(data, grid, true);
    }

    private Piece read(byte[] data, ReadingGrid grid, boolean asReference) {
        int ticksPerQuarter = SmfStructure.check(data, limits);
        Sequence sequence = read(data);

        Map<TrackKey, List<RawNote>> notesByTrack = new TreeMap<>();
        TreeMap<Long, TimeSignature> signatureChanges = new TreeMap<>();
        TreeMap<Long, Integer> tempoChanges = new TreeMap<>();
        javax.sound.midi.Track[] fileTracks = sequence.getTracks();
        for (int t = 0; t < fileTracks.length; t++) {
            readTrack(t, fileTracks[t], notesByTrack, signatureChanges, tempoChanges, asReference);
        }
        if (notesByTrack.size() > limits.maxTracks()) {
            throw new MidiRejectedException(Rejection.TOO_MANY_TRACKS, "The file has " + notesByTrack.size()
                    + " instrument tracks; at most " + limits.maxTracks() + " are accepted.");
        }

        long end = notesByTrack.values().stream().flatMap(List::stream)
                .mapToLong(n -> grid.onGrid(n.onset(), ticksPerQuarter) + grid.duration(n.onset(), n.release(), ticksPerQuarter))
                .max().orElse(0);
        List<TimeSignature> signatures = tileBars(signatureChanges, grid, ticksPerQuarter, end);
        long[] barStarts = new long[signatures.size() + 1];
        for (int b = 0; b < signatures.size(); b++) barStarts[b + 1] = barStarts[b] + signatures.get(b).ticks();

        List<Track> tracks = new ArrayList<>();
        notesByTrack.forEach((key, notes) -> tracks.add(toTrack(key, notes, barStarts, grid, ticksPerQuarter, asReference)));
        if (tempoChanges.isEmpty() || tempoChanges.firstKey() > 0) {
            tempoChanges.put(0L, TempoChange.DEFAULT_MICROS_PER_QUARTER); // MIDI plays at 120 bpm until told otherwise
        }
        TreeMap<Long, Integer> gridTempos = new TreeMap<>();
        tempoChanges.forEach((tick, micros) -> gridTempos.put(grid.onGrid(tick, ticksPerQuarter), micros));
        List<TempoChange> tempos = new ArrayList<>();
        gridTempos.forEach((tick, micros) -> tempos.add(new TempoChange(tick, micros)));
        return new Piece(signatures, tracks, tempos);
    }

    private static Sequence read(byte[] data) {
        try {
            return MidiFiles.read(new ByteArrayInputStream(data));
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new MidiRejectedException(Rejection.CORRUPT, "The MIDI data could not be read: " + e.getMessage());
        }
    }

    /** One piece track: the reference splits a file track by channel and by the program a note was struck with. */
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

    /** A note in the file's own ticks, from its note-on to the release paired with it. */
    private record RawNote(long onset, long release, int pitch, int velocity) {
    }

    private record Struck(long tick, int velocity, int program) {
    }

    private static void readTrack(int fileTrack, javax.sound.midi.Track track, Map<TrackKey, List<RawNote>> notes,
                                  TreeMap<Long, TimeSignature> signatures, TreeMap<Long, Integer> tempos,
                                  boolean asReference) {
        int[] programs = new int[16];
        Map<Integer, ArrayDeque<Struck>> open = new HashMap<>();
        for (int i = 0; i < track.size(); i++) {
            long tick = track.get(i).getTick();
            MidiMessage message = track.get(i).getMessage();
            if (message instanceof MetaMessage meta) {
                if (asReference && meta.getType() == META_LYRIC) {
                    notes.computeIfAbsent(new TrackKey(fileTrack, 0, 0), k -> new ArrayList<>()); // symusic's lyric track
                }
                readMeta(meta, tick, signatures, tempos);
            } else if (message instanceof ShortMessage sm) {
                int channel = sm.getChannel();
                int key = channel * 128 + sm.getData1();
                if (sm.getCommand() == ShortMessage.PROGRAM_CHANGE) {
                    programs[channel] = sm.getData1();
                } else if (isRelease(sm)) {
                    // First in, first out: a re-struck note keeps both onsets, each released in turn (symusic).
                    ArrayDeque<Struck> struck = open.get(key);
                    Struck first = struck == null ? null : struck.pollFirst();
                    if (first != null) {
                        notes.computeIfAbsent(new TrackKey(fileTrack, channel, first.program()), k -> new ArrayList<>())
                                .add(new RawNote(first.tick(), tick, sm.getData1(), first.velocity()));
                    }
                } else if (sm.getCommand() == ShortMessage.NOTE_ON) {
                    open.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Struck(tick, sm.getData2(), programs[channel]));
                }
            }
        }
        // Notes never released are dropped, as the reference does.
    }

    private static boolean isRelease(ShortMessage sm) {
        return sm.getCommand() == ShortMessage.NOTE_OFF || (sm.getCommand() == ShortMessage.NOTE_ON && sm.getData2() == 0);
    }

    private static void readMeta(MetaMessage meta, long tick, TreeMap<Long, TimeSignature> signatures,
                                 TreeMap<Long, Integer> tempos) {
        byte[] d = meta.getData();
        if (meta.getType() == META_TIME_SIGNATURE && d.length >= 2) {
            int numerator = d[0] & 0xFF;
            int power = d[1] & 0xFF;
            if (numerator > 0 && power < 31) signatures.put(tick, new TimeSignature(numerator, 1 << power));
        } else if (meta.getType() == META_TEMPO && d.length >= 3) {
            int micros = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
            if (micros > 0) tempos.put(tick, micros);
        }
    }

    /**
     * Lays bars from the start of the piece up to grid tick {@code end}; a time-signature change takes effect at the
     * first bar line at or after its tick (the last of several at one tick wins), and 4/4 holds until the first one.
     */
    private List<TimeSignature> tileBars(TreeMap<Long, TimeSignature> fileChanges, ReadingGrid grid, int ticksPerQuarter,
                                         long end) {
        TreeMap<Long, TimeSignature> changes = new TreeMap<>();
        fileChanges.forEach((tick, signature) -> changes.put(grid.onGrid(tick, ticksPerQuarter), signature));
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

    private static Track toTrack(TrackKey key, List<RawNote> notes, long[] barStarts, ReadingGrid grid,
                                 int ticksPerQuarter, boolean asReference) {
        List<List<Note>> bars = new ArrayList<>();
        for (int b = 0; b < barStarts.length - 1; b++) bars.add(new ArrayList<>());
        for (RawNote note : notes) {
            long onset = grid.onGrid(note.onset(), ticksPerQuarter);
            int bar;
            if (asReference && grid == ReadingGrid.ROUND) {
                // The reference places a note by its own tick and drops it if rounding reaches the next bar line.
                bar = barOf(note.onset(), barStarts, ticksPerQuarter);
                if (onset >= barStarts[bar + 1]) continue;
            } else {
                bar = barOf(onset, barStarts, Piece.TICKS_PER_QUARTER);
            }
            int duration = key.drum() ? 1 : grid.duration(note.onset(), note.release(), ticksPerQuarter);
            bars.get(bar).add(new Note((int) (onset - barStarts[bar]), duration, note.pitch(), note.velocity()));
        }
        return new Track(key.program(), key.drum(), bars.stream().map(Bar::new).toList());
    }

    /** The bar holding {@code tick} at {@code ticksPerQuarter}, bar starts being grid ticks. */
    private static int barOf(long tick, long[] barStarts, int ticksPerQuarter) {
        long scaled = tick * Piece.TICKS_PER_QUARTER;
        int low = 0;
        int high = barStarts.length - 2;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (barStarts[mid] * ticksPerQuarter <= scaled) low = mid;
            else high = mid - 1;
        }
        return low;
    }
}
