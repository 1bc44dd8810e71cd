package io.polyphon.mmm.vocab;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * General MIDI programs and the 109 instrument groups Yellow merges them into (MMM's PRETRAIN_GROUPING).
 * A group decodes to its first program, the 2026 MIDI-GPT convention.
 */
public final class Instruments {

    /** Programs that share one INSTRUMENT token; every other program is a group of its own. */
    private static final int[][] MERGED = {
            {0, 1, 2}, {4, 5}, {16, 17, 18}, {19, 20}, {33, 34}, {36, 37}, {38, 39}, {48, 49}, {50, 51}, {62, 63},
            {88, 89, 90, 91, 92, 93, 94, 95}};

    public static final int GROUPS = 109;

    private static final int[] GROUP_OF_PROGRAM = new int[128];
    private static final int[] FIRST_PROGRAM_OF_GROUP = new int[GROUPS];

    private static final List<String> NAMES = List.of(
            "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
            "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
            "Celesta", "Glockenspiel", "Music Box", "Vibraphone", "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
            "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ", "Reed Organ", "Accordion", "Harmonica",
            "Tango Accordion",
            "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)", "Electric Guitar (clean)",
            "Electric Guitar (muted)", "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
            "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass", "Slap Bass 1",
            "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
            "Violin", "Viola", "Cello", "Contrabass", "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp",
            "Timpani",
            "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2", "Choir Aahs", "Voice Oohs",
            "Synth Voice", "Orchestra Hit",
            "Trumpet", "Trombone", "Tuba", "Muted Trumpet", "French Horn", "Brass Section", "Synth Brass 1",
            "Synth Brass 2",
            "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax", "Oboe", "English Horn", "Bassoon", "Clarinet",
            "Piccolo", "Flute", "Recorder", "Pan Flute", "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
            "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)", "Lead 5 (charang)",
            "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
            "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)", "Pad 5 (bowed)",
            "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
            "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)", "FX 5 (brightness)",
            "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
            "Sitar", "Banjo", "Shamisen", "Koto", "Kalimba", "Bagpipe", "Fiddle", "Shanai",
            "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock", "Taiko Drum", "Melodic Tom", "Synth Drum",
            "Reverse Cymbal",
            "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet", "Telephone Ring", "Helicopter", "Applause",
            "Gunshot");

    static {
        int group = -1;
        for (int program = 0; program < 128; program++) {
            if (!continuesGroup(program)) {
                group++;
                FIRST_PROGRAM_OF_GROUP[group] = program;
            }
            GROUP_OF_PROGRAM[program] = group;
        }
        if (group != GROUPS - 1) throw new IllegalStateException("expected " + GROUPS + " groups, got " + (group + 1));
    }

    private Instruments() {
    }

    private static boolean continuesGroup(int program) {
        return Arrays.stream(MERGED).anyMatch(set -> set[0] != program && Arrays.stream(set).anyMatch(p -> p == program));
    }

    /** The INSTRUMENT value (group 0..108) of a GM program. */
    public static int group(int program) {
        return GROUP_OF_PROGRAM[checkProgram(program)];
    }

    /** The program a decoder writes for a group: the group's first program. */
    public static int program(int group) {
        if (group < 0 || group >= GROUPS) throw new IllegalArgumentException("instrument group out of range: " + group);
        return FIRST_PROGRAM_OF_GROUP[group];
    }

    /** The program a piece keeps after a round trip through the encoding. */
    public static int canonicalProgram(int program) {
        return program(group(program));
    }

    /** The General MIDI name of a program, e.g. "Acoustic Grand Piano". */
    public static String name(int program) {
        return NAMES.get(checkProgram(program));
    }

    /** The program whose GM name matches {@code name} (case and punctuation ignored), or -1. */
    public static int programNamed(String name) {
        String wanted = normalize(name);
        for (int p = 0; p < 128; p++) if (normalize(NAMES.get(p)).equals(wanted)) return p;
        return -1;
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static int checkProgram(int program) {
        if (program < 0 || program > 127) throw new IllegalArgumentException("GM program out of range 0..127: " + program);
        return program;
    }
}
