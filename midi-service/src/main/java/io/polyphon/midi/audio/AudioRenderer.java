package io.polyphon.midi.audio;

import io.polyphon.midi.render.MidiRenderer;
import io.polyphon.mmm.piece.Piece;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Plays a piece through the JDK's software synthesizer (Gervill) offline, as fast as it computes, into a WAV file:
 * the piece as {@link MidiRenderer} writes it, at its tempo, with General MIDI timbres and a release tail.
 */
public final class AudioRenderer {

    /** 22,050 Hz, 16-bit, mono: about 2.6 MB a minute on the wire, and as wide as a GM sound set's own samples. */
    public static final AudioFormat FORMAT = new AudioFormat(22_050f, 16, 1, true, false);
    /** Silence-to-be after the last bar line, so the last notes ring out instead of being cut off. */
    public static final long TAIL_MICROS = 1_000_000;
    static final String EXPORT_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";

    private static final String AUDIO_SYNTHESIZER = "com.sun.media.sound.AudioSynthesizer";
    private static final String SOUND_PACKAGE = "com.sun.media.sound";
    private static final Duration SLOT_WAIT = Duration.ofSeconds(5);
    private static final int META_TEMPO = 0x51;

    private final Soundbank soundbank;
    private final Semaphore slots;
    private final Duration slotWait;
    private final long maxMicros;
    private final Method openStream;
    private final String unavailable;

    /**
     * @param soundbank   the instruments to play with, or null for the JDK's own General MIDI set
     * @param concurrency most renders at once (each holds a synthesizer and the whole file in memory)
     * @param maxSeconds  longest piece rendered, in seconds of music
     */
    public AudioRenderer(Soundbank soundbank, int concurrency, int maxSeconds) {
        this(soundbank, new Semaphore(concurrency), SLOT_WAIT, maxSeconds);
    }

    AudioRenderer(Soundbank soundbank, Semaphore slots, Duration slotWait, int maxSeconds) {
        this.soundbank = soundbank;
        this.slots = slots;
        this.slotWait = slotWait;
        this.maxMicros = maxSeconds * 1_000_000L;
        Method method = null;
        String reason = null;
        try {
            // Gervill's offline entry point lives in a package java.desktop does not export.
            Class<?> audioSynthesizer = Class.forName(AUDIO_SYNTHESIZER);
            if (Synthesizer.class.getModule().isExported(SOUND_PACKAGE, AudioRenderer.class.getModule())) {
                method = audioSynthesizer.getMethod("openStream", AudioFormat.class, Map.class);
            } else {
                reason = "The JVM does not export " + SOUND_PACKAGE + " to the service; start it with " + EXPORT_FLAG
                        + " (java -jar of the service's jar does, through the manifest's Add-Exports).";
            }
        } catch (ReflectiveOperationException e) {
            reason = "This JVM has no offline software synthesizer (" + e + ").";
        }
        this.openStream = method;
        this.unavailable = reason;
    }

    /** The soundbank at {@code path}, read once at start-up; null for a blank path (the JDK's own set). */
    public static Soundbank loadSoundbank(String path) {
        if (path == null || path.isBlank()) return null;
        try {
            return MidiSystem.getSoundbank(new File(path));
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new IllegalStateException("polyphon.midi.soundbank: cannot read the soundbank " + path
                    + " (" + e.getMessage() + "); give an SF2 or DLS file, or leave it empty for the JDK's own", e);
        }
    }

    /** Why audio cannot be rendered in this JVM, or null when it can. */
    public String unavailableReason() {
        return unavailable;
    }

    /** The piece as a WAV file in {@link #FORMAT}: its bars at its tempo, then {@link #TAIL_MICROS} of release. */
    public byte[] render(Piece piece) {
        if (unavailable != null) throw new AudioRefusedException(AudioProblem.UNAVAILABLE, unavailable);
        Sequence sequence = MidiRenderer.sequence(piece);
        TempoMap tempo = new TempoMap(sequence);
        long length = tempo.micros(endTick(piece, sequence));
        if (length > maxMicros) {
            throw new AudioRefusedException(AudioProblem.TOO_LONG, String.format(
                    "The piece lasts %.0f s at its tempo; at most %d s are rendered to audio.", length / 1e6, maxMicros / 1_000_000));
        }
        long frames = (long) Math.ceil((length + TAIL_MICROS) * (double) FORMAT.getSampleRate() / 1e6);
        acquireSlot();
        try {
            return play(sequence, tempo, frames);
        } finally {
            slots.release();
        }
    }

    private void acquireSlot() {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(slotWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new AudioRefusedException(AudioProblem.BUSY, "Every synthesizer is rendering another piece; try again shortly.");
        }
    }

    /** A fresh synthesizer per render: Gervill keeps channel state, so two pieces must not share one. */
    private byte[] play(Sequence sequence, TempoMap tempo, long frames) {
        Synthesizer synth;
        try {
            synth = MidiSystem.getSynthesizer();
        } catch (MidiUnavailableException e) {
            throw new AudioRefusedException(AudioProblem.UNAVAILABLE, "No MIDI synthesizer is available: " + e.getMessage());
        }
        if (!openStream.getDeclaringClass().isInstance(synth)) {
            throw new AudioRefusedException(AudioProblem.UNAVAILABLE,
                    "The JVM's synthesizer " + synth.getClass().getName() + " cannot render offline.");
        }
        try (AudioInputStream stream = open(synth)) {
            if (soundbank != null) synth.loadAllInstruments(soundbank);
            // Every event is queued with its time before any audio is read, so the rendering is as fast as the
            // synthesizer computes and never depends on the wall clock.
            Receiver receiver = synth.getReceiver();
            for (Timed event : timedEvents(sequence, tempo)) receiver.send(event.message(), event.micros());
            return wav(stream, frames);
        } catch (MidiUnavailableException e) {
            throw new AudioRefusedException(AudioProblem.UNAVAILABLE, "The synthesizer cannot take events: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            synth.close();
        }
    }

    private AudioInputStream open(Synthesizer synth) {
        try {
            // with our own soundbank, skip building the JDK's built-in set only to unload it again
            return (AudioInputStream) openStream.invoke(synth, FORMAT, Map.of("load default soundbank", soundbank == null));
        } catch (InvocationTargetException e) {
            throw new AudioRefusedException(AudioProblem.UNAVAILABLE, "The synthesizer did not open: " + e.getCause());
        } catch (IllegalAccessException e) {
            throw new AudioRefusedException(AudioProblem.UNAVAILABLE, "The synthesizer is out of reach; start the JVM with " + EXPORT_FLAG + ".");
        }
    }

    /** The first {@code frames} of what the synthesizer plays, written as WAV straight from its stream. */
    private static byte[] wav(AudioInputStream synthesized, long frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(frames * FORMAT.getFrameSize() + 44));
        AudioSystem.write(new AudioInputStream(synthesized, FORMAT, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** The last bar line, in the sequence's ticks: a piece ending in empty bars still lasts to its end. */
    private static long endTick(Piece piece, Sequence sequence) {
        return piece.barStart(piece.barCount()) * sequence.getResolution() / Piece.TICKS_PER_QUARTER;
    }

    /** The channel messages of every track, in time order; at a shared tick each track keeps its own order. */
    private static List<Timed> timedEvents(Sequence sequence, TempoMap tempo) {
        List<MidiEvent> events = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                if (track.get(i).getMessage() instanceof ShortMessage) events.add(track.get(i));
            }
        }
        events.sort(Comparator.comparingLong(MidiEvent::getTick)); // stable: a program change stays before its notes
        List<Timed> timed = new ArrayList<>(events.size());
        for (MidiEvent event : events) timed.add(new Timed(event.getMessage(), tempo.micros(event.getTick())));
        return timed;
    }

    private record Timed(MidiMessage message, long micros) {
    }

    /** Ticks to microseconds through a sequence's tempo changes (120 BPM until the first). */
    private static final class TempoMap {

        private final long[] ticks;
        private final double[] startMicros;
        private final int[] microsPerQuarter;
        private final int resolution;

        TempoMap(Sequence sequence) {
            resolution = sequence.getResolution();
            List<long[]> changes = new ArrayList<>(); // {tick, micros per quarter}
            changes.add(new long[]{0, 500_000});
            for (Track track : sequence.getTracks()) {
                for (int i = 0; i < track.size(); i++) {
                    if (track.get(i).getMessage() instanceof MetaMessage meta && meta.getType() == META_TEMPO) {
                        byte[] d = meta.getData();
                        changes.add(new long[]{track.get(i).getTick(), (d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | (d[2] & 0xFF)});
                    }
                }
            }
            changes.sort(Comparator.comparingLong(c -> c[0]));
            ticks = new long[changes.size()];
            startMicros = new double[changes.size()];
            microsPerQuarter = new int[changes.size()];
            for (int i = 0; i < changes.size(); i++) {
                ticks[i] = changes.get(i)[0];
                microsPerQuarter[i] = (int) changes.get(i)[1];
                startMicros[i] = i == 0 ? 0 : startMicros[i - 1] + span(i - 1, ticks[i]);
            }
        }

        long micros(long tick) {
            int i = Arrays.binarySearch(ticks, tick);
            // the last change at or before the tick (several at one tick: the search may land on any, take the last)
            if (i < 0) i = -i - 2;
            while (i + 1 < ticks.length && ticks[i + 1] == tick) i++;
            return Math.round(startMicros[i] + span(i, tick));
        }

        private double span(int change, long tick) {
            return (tick - ticks[change]) * (double) microsPerQuarter[change] / resolution;
        }
    }
}
