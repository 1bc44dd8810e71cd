package io.polyphon.mmm.piece;

/** A bar's time signature; its length on the 12-tpq grid is {@code 48 * numerator / denominator} ticks. */
public record TimeSignature(int numerator, int denominator) {

    public static final TimeSignature FOUR_FOUR = new TimeSignature(4, 4);

    public TimeSignature {
        if (numerator < 1 || denominator < 1) {
            throw new IllegalArgumentException("time signature must be positive: " + numerator + "/" + denominator);
        }
    }

    /** Bar length in grid ticks (12 per quarter note). */
    public int ticks() {
        return 48 * numerator / denominator;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
