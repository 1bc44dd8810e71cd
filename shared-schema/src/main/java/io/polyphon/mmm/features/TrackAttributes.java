package io.polyphon.mmm.features;

/**
 * The attribute-control values of one track, as token values: polyphony 0..9 (= 1..10 voices), duration
 * classes 0..5 (32nd .. whole), density bin 0..9. Pitched tracks carry the polyphony and duration values,
 * drum tracks the density; all five are kept so a request can force any of them.
 */
public record TrackAttributes(int minPolyphony, int maxPolyphony, int minDuration, int maxDuration, int density) {

    public TrackAttributes {
        check("minPolyphony", minPolyphony, 9);
        check("maxPolyphony", maxPolyphony, 9);
        check("minDuration", minDuration, 5);
        check("maxDuration", maxDuration, 5);
        check("density", density, 9);
    }

    private static void check(String name, int value, int max) {
        if (value < 0 || value > max) throw new IllegalArgumentException(name + " must be 0.." + max + ": " + value);
    }
}
