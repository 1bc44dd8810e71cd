package io.polyphon.mmm.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notes-per-bar thresholds that turn a track's average onsets per bar into a DENSITY_LEVEL bin: one row of 10
 * ascending thresholds per GM program (0..127) and one for drums (key 128). The table is a statistic of a
 * model's training data, so it travels with the model; {@link #yellow()} is the published MMM / MIDI-GPT one.
 */
public final class DensityTable {

    public static final int DRUM_ROW = 128;

    private static final Pattern ROW = Pattern.compile("\"(\\d+)\"\\s*:\\s*\\[([^\\]]*)]");
    private static volatile DensityTable yellow;

    private final int[][] rows;

    public DensityTable(int[][] rows) {
        if (rows.length != 129) throw new IllegalArgumentException("a density table has 129 rows, got " + rows.length);
        this.rows = new int[129][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != 10) {
                throw new IllegalArgumentException("density row " + i + " must hold 10 thresholds");
            }
            this.rows[i] = rows[i].clone();
        }
    }

    /** The table shipped with MIDI-GPT's Yellow models ({@code density_quantiles.json}, MIT). */
    public static DensityTable yellow() {
        if (yellow == null) {
            try (InputStream in = DensityTable.class.getResourceAsStream("density_quantiles.json")) {
                yellow = fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return yellow;
    }

    /** Reads the {@code {"0": [..10 ints..], ..., "128": [...]}} form that MIDI-GPT and our model metadata use. */
    public static DensityTable fromJson(String json) {
        Map<Integer, int[]> byKey = new TreeMap<>();
        Matcher m = ROW.matcher(json);
        while (m.find()) {
            int[] row = Arrays.stream(m.group(2).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            byKey.put(Integer.parseInt(m.group(1)), row);
        }
        int[][] rows = new int[129][];
        for (int key = 0; key <= DRUM_ROW; key++) rows[key] = byKey.get(key);
        return new DensityTable(rows);
    }

    /** The same table in the JSON form {@link #fromJson} reads. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{");
        for (int key = 0; key <= DRUM_ROW; key++) {
            if (key > 0) out.append(", ");
            out.append('"').append(key).append("\": ").append(Arrays.toString(rows[key]));
        }
        return out.append('}').toString();
    }

    /** The bin 0..9 of an average of {@code notesPerBar} onsets per non-empty bar. */
    public int bin(int program, boolean drum, int notesPerBar) {
        int[] row = rows[drum ? DRUM_ROW : program];
        int bin = 0;
        while (bin < 9 && row[bin] < notesPerBar) bin++;
        return bin;
    }
}
