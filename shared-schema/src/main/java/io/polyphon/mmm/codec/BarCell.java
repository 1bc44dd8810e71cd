package io.polyphon.mmm.codec;

import java.util.Comparator;

/** One (track, bar) cell of a piece, both counted from 0; cells sort by track, then bar, as MMM orders fills. */
public record BarCell(int track, int bar) implements Comparable<BarCell> {

    private static final Comparator<BarCell> ORDER = Comparator.comparingInt(BarCell::track).thenComparingInt(BarCell::bar);

    public BarCell {
        if (track < 0 || bar < 0) throw new IllegalArgumentException("cell indices must be >= 0: " + track + "," + bar);
    }

    @Override
    public int compareTo(BarCell other) {
        return ORDER.compare(this, other);
    }
}
