package io.polyphon.mmm.request;

/**
 * The per-track controls Calliope offers, in a musician's units; {@code null} means "any" (the model chooses).
 *
 * @param density        note density level 1..10
 * @param minPolyphony   fewest voices sounding together, 1..10
 * @param maxPolyphony   most voices sounding together, 1..10
 * @param minDuration    shortest typical note
 * @param maxDuration    longest typical note
 * @param polyphonyLimit hard cap on notes sounding at once; null or 0 = no cap
 */
public record Controls(Integer density, Integer minPolyphony, Integer maxPolyphony, NoteLength minDuration,
                       NoteLength maxDuration, Integer polyphonyLimit) {

    public static final Controls ANY = new Controls(null, null, null, null, null, null);

    public Controls {
        check("density", density, 1, 10);
        check("minPolyphony", minPolyphony, 1, 10);
        check("maxPolyphony", maxPolyphony, 1, 10);
        check("polyphonyLimit", polyphonyLimit, 0, 128);
        if (minPolyphony != null && maxPolyphony != null && minPolyphony > maxPolyphony) {
            throw new InvalidRequestException("invalid-control",
                    "minPolyphony " + minPolyphony + " is above maxPolyphony " + maxPolyphony);
        }
        if (minDuration != null && maxDuration != null && minDuration.compareTo(maxDuration) > 0) {
            throw new InvalidRequestException("invalid-control",
                    "minDuration " + minDuration + " is longer than maxDuration " + maxDuration);
        }
    }

    private static void check(String name, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidRequestException("invalid-control", name + " must be " + min + ".." + max + ", not " + value);
        }
    }

    /** The cap as the grammar takes it: 0 for none. */
    public int hardLimit() {
        return polyphonyLimit == null ? 0 : polyphonyLimit;
    }
}
