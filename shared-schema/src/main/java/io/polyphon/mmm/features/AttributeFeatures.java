package io.polyphon.mmm.features;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the attribute controls of a track as the reference tokenizer does (research §8, tokenizer-goldens README):
 * duration classes and polyphony from the 15th / 85th nearest-rank percentiles with Python's round-half-to-even
 * index, density against a {@link DensityTable}.
 */
public final class AttributeFeatures {

    private static final double LOW = 0.15;
    private static final double HIGH = 0.85;
    private static final int DURATION_CLASSES = 6;

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
        long[] durationClasses = durationClasses(track);
        long[] polyphony = polyphonyPerTick(piece, track);
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

    /**
     * Nearest-rank quantile of a sample given as a histogram ({@code histogram[v]} samples of value {@code v}): the
     * value at index min(round(n·q), n−1) of the sorted sample, rounding half to even as Python's {@code round()}
     * does (the reference's index); 0 for an empty sample.
     */
    static int quantile(long[] histogram, double q) {
        long n = 0;
        for (long count : histogram) n += count;
        if (n == 0) return 0;
        long index = (long) Math.min(Math.rint(n * q), n - 1);
        for (int value = 0; value < histogram.length; value++) {
            index -= histogram[value];
            if (index < 0) return value;
        }
        throw new IllegalStateException("unreachable: the index is below the sample size");
    }

    /** {@link #quantile(long[], double)} of a sample of small non-negative values. */
    static int quantile(int[] sample, double q) {
        long[] histogram = new long[Arrays.stream(sample).max().orElse(0) + 1];
        for (int value : sample) histogram[value]++;
        return quantile(histogram, q);
    }

    private static int clampPolyphony(int voices) {
        return Math.max(1, Math.min(10, voices)) - 1;
    }

    private static long[] durationClasses(Track track) {
        long[] histogram = new long[DURATION_CLASSES];
        for (Bar bar : track.bars()) {
            for (Note note : bar.notes()) histogram[durationClass(track.drum() ? 1 : note.duration())]++;
        }
        return histogram;
    }

    /**
     * How many ticks each number of sounding notes lasts, over the ticks where at least one sounds (drums last one
     * tick). As the reference's piano roll: it reaches the track's last release, past the piece where a note
     * sustains beyond it, and every note is cut one tick short of that end, so the last tick is never counted.
     */
    private static long[] polyphonyPerTick(Piece piece, Track track) {
        List<long[]> spans = new ArrayList<>();
        long end = 0;
        long barStart = 0;
        for (int b = 0; b < piece.barCount(); b++) {
            for (Note note : track.bars().get(b).notes()) {
                long onset = barStart + note.onset();
                long release = onset + (track.drum() ? 1 : note.duration());
                spans.add(new long[]{onset, release});
                end = Math.max(end, release);
            }
            barStart += piece.timeSignatures().get(b).ticks();
        }
        long[][] changes = new long[2 * spans.size()][];
        int n = 0;
        for (long[] span : spans) {
            long release = Math.min(span[1], end - 1);
            if (release <= span[0]) continue;
            changes[n++] = new long[]{span[0], +1};
            changes[n++] = new long[]{release, -1};
        }
        long[][] sorted = Arrays.copyOf(changes, n);
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        long[] histogram = new long[spans.size() + 1];
        int sounding = 0;
        for (int i = 0; i < n; i++) {
            sounding += (int) sorted[i][1];
            long next = i + 1 < n ? sorted[i + 1][0] : sorted[i][0];
            if (sounding > 0) histogram[sounding] += next - sorted[i][0];
        }
        return histogram;
    }

    /** Notes per non-empty bar, rounded half to even as the reference's Python {@code round()} does. */
    private static int onsetsPerNonEmptyBar(Track track) {
        int onsets = 0;
        int nonEmptyBars = 0;
        for (Bar bar : track.bars()) {
            onsets += bar.notes().size();
            if (bar.hasNotes()) nonEmptyBars++;
        }
        return nonEmptyBars == 0 ? 0 : (int) Math.rint((double) onsets / nonEmptyBars);
    }
}
