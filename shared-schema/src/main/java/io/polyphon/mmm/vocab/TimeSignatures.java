package io.polyphon.mmm.vocab;

import io.polyphon.mmm.piece.TimeSignature;

import java.util.List;
import java.util.Optional;

/** The 36 time signatures Yellow can encode, in TIME_SIGNATURE value order (sorted by numerator, then denominator). */
public final class TimeSignatures {

    public static final List<TimeSignature> ALL = List.of(
            ts(1, 2), ts(1, 4), ts(1, 8), ts(1, 16), ts(2, 1), ts(2, 2), ts(2, 4), ts(2, 8), ts(3, 1),
            ts(3, 2), ts(3, 4), ts(3, 8), ts(4, 2), ts(4, 4), ts(4, 8), ts(5, 4), ts(5, 8), ts(6, 2),
            ts(6, 4), ts(6, 8), ts(7, 4), ts(7, 8), ts(8, 4), ts(8, 8), ts(9, 4), ts(9, 8), ts(9, 16),
            ts(10, 4), ts(10, 8), ts(11, 8), ts(12, 4), ts(12, 8), ts(13, 16), ts(15, 16), ts(16, 4), ts(17, 16));

    private TimeSignatures() {
    }

    private static TimeSignature ts(int numerator, int denominator) {
        return new TimeSignature(numerator, denominator);
    }

    /** The TIME_SIGNATURE value of {@code signature}, if Yellow can encode it. */
    public static Optional<Integer> valueOf(TimeSignature signature) {
        int index = ALL.indexOf(signature);
        return index < 0 ? Optional.empty() : Optional.of(index);
    }

    public static boolean isEncodable(TimeSignature signature) {
        return ALL.contains(signature);
    }

    public static TimeSignature of(int value) {
        return ALL.get(value);
    }
}
