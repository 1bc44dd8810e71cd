package io.polyphon.mmm.features;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;

import java.util.Arrays;
import java.util.List;

/**
 * Measures the attribute controls of a track the way MMM's preprocessing does (research §8): duration classes and
 * polyphony from the 15th / 85th nearest-rank percentiles, density against a {@link DensityTable}.
 */
public final class AttributeFeatures {

    private static final double LOW = 0.15;
    private static final double HIGH = 0.85;

    private final DensityTable densityTable;

    public AttributeFeatures(DensityTable densityTable) {
        this.densityTable = densityTable;
    }

    /** Attributes of every track of {@code piece}, measured over all its bars. */
    public List<TrackAttributes> of(Piece piece) {
        return piece.tracks().stream().map(track -> of(piece, track)).toList();
    }

    /** Attributes of one track of {@code piece}. */
    public TrackAttributes of(Piece piece, Track track) {
        int[] durationClasses = durationClasses(track);
        int[] polyphony = polyphonyPerTick(piece, track);
        return new TrackAttributes(
                clampPolyphony(quantile(polyphony, LOW)),
                clampPolyphony(quantile(polyphony, HIGH)),
                quantile(durationClasses, LOW),
                quantile(durationClasses, HIGH),
                densityTable.bin(track.program(), track.drum(), onsetsPerNonEmptyBar(track)));
    }

    /** Duration class 0..5 (32nd, 16th, 8th, quarter, half, whole) of a note {@code ticks} long on the 12-tpq grid. */
    public static int durationClass(int ticks) {
        if (ticks < 3) return 0;
        if (ticks < 6) return 1;
        if (ticks < 12) return 2;
        if (ticks < 24) return 3;
        if (ticks < 48) return 4;
        return 5;
    }

    /** Nearest-rank quantile: the value at index min(round(n·q), n−1) of the sorted sample; 0 for none. */
    static int quantile(int[] sample, double q) {
        if (sample.length == 0) return 0;
        int[] sorted = sample.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(Math.round(sorted.length * q), sorted.length - 1);
        return sorted[index];
    }

    private static int clampPolyphony(int voices) {
        return Math.max(1, Math.min(10, voices)) - 1;
    }

    private static int[] durationClasses(Track track) {
        return track.bars().stream().flatMap(bar -> bar.notes().stream())
                .mapToInt(note -> durationClass(track.drum() ? 1 : note.duration()))
                .toArray();
    }

    /** Number of notes sounding at each tick of the piece where at least one sounds (drums last one tick). */
    private static int[] polyphonyPerTick(Piece piece, Track track) {
        int length = (int) piece.barStart(piece.barCount());
        int[] change = new int[length + 1];
        long barStart = 0;
        for (int b = 0; b < piece.barCount(); b++) {
            for (Note note : track.bars().get(b).notes()) {
                long onset = barStart + note.onset();
                long release = Math.min(length, onset + (track.drum() ? 1 : note.duration()));
                change[(int) onset]++;
                change[(int) release]--;
            }
            barStart += piece.timeSignatures().get(b).ticks();
        }
        int[] counts = new int[length];
        int n = 0;
        int sounding = 0;
        for (int tick = 0; tick < length; tick++) {
            sounding += change[tick];
            if (sounding > 0) counts[n++] = sounding;
        }
        return Arrays.copyOf(counts, n);
    }

    private static int onsetsPerNonEmptyBar(Track track) {
        int onsets = 0;
        int nonEmptyBars = 0;
        for (Bar bar : track.bars()) {
            onsets += bar.notes().size();
            if (bar.hasNotes()) nonEmptyBars++;
        }
        return nonEmptyBars == 0 ? 0 : (int) Math.round((double) onsets / nonEmptyBars);
    }
}
