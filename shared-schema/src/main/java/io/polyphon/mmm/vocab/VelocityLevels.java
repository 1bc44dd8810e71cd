package io.polyphon.mmm.vocab;

/**
 * MMM's 32 velocity levels: level 0 is velocity 0 only (never emitted); levels 1..31 hold 4 or 5 velocities each.
 * Decoding writes the second velocity of a level's bin, the 2026 MIDI-GPT convention.
 */
public final class VelocityLevels {

    private static final int[] REPRESENTATIVE = new int[32];

    static {
        int[] seen = new int[32];
        for (int v = 1; v <= 127; v++) {
            int level = level(v);
            if (++seen[level] == 2) REPRESENTATIVE[level] = v;
        }
    }

    private VelocityLevels() {
    }

    /** The level of a MIDI velocity 0..127. */
    public static int level(int velocity) {
        if (velocity <= 0) return 0;
        return Math.min(31, 1 + velocity * 31 / 128);
    }

    /** The velocity a decoder writes for {@code level} (1..31). */
    public static int velocity(int level) {
        if (level < 1 || level > 31) throw new IllegalArgumentException("velocity level out of range: " + level);
        return REPRESENTATIVE[level];
    }
}
