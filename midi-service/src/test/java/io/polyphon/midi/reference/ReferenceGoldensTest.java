package io.polyphon.midi.reference;

import io.polyphon.midi.Corpus;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiRejectedException;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Vocabulary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our ids against the reference tokenizer's (MIDI-GPT 0.3.2, {@code ../shared/reference/tokenizer-goldens}): every
 * corpus file, first 4 and 8 bars, on each of its two reading grids. Prints the count per set and, for each
 * mismatch, the file, window and first differing token with both ids and their types.
 */
class ReferenceGoldensTest {

    private static final Vocabulary VOCABULARY = Vocabulary.of(IdLayout.MIDIGPT_2026);

    private final ReferenceTokenizer tokenizer = new ReferenceTokenizer(MidiLimits.DEFAULT, DensityTable.yellow());

    @Test
    void theRoundGridGivesTheReferenceIdsOnAtLeast99PercentOfWindows() throws IOException {
        assertThat(identicalShare("round")).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void theTruncateGridGivesTheReferenceIdsOnAtLeast99PercentOfWindows() throws IOException {
        assertThat(identicalShare("truncate")).isGreaterThanOrEqualTo(0.99);
    }

    private double identicalShare(String grid) throws IOException {
        Path corpus = Corpus.folder();
        Path goldens = corpus.resolveSibling("reference").resolve("tokenizer-goldens").resolve(grid + ".jsonl");
        assumeTrue(Files.isRegularFile(goldens), "skipped: the reference goldens " + goldens.toAbsolutePath()
                + " are absent (they live in ../shared/reference beside the checkout)");
        JsonMapper json = JsonMapper.builder().build();
        List<String> mismatches = new ArrayList<>();
        int records = 0;
        int identical = 0;
        for (String line : Files.readAllLines(goldens)) {
            if (line.isBlank()) continue;
            JsonNode record = json.readTree(line);
            records++;
            String file = record.get("set").asString() + "/" + record.get("file").asString();
            int bars = record.get("bars").asInt();
            String window = file + " bars 1-" + bars;
            int[] expected = record.has("tokens") ? ids(record.get("tokens")) : null;
            int[] actual;
            try {
                actual = encode(Files.readAllBytes(corpus.resolve(file)), grid, bars);
            } catch (MidiRejectedException | IllegalArgumentException refused) {
                if (expected == null) {
                    identical++;
                } else {
                    mismatches.add(window + ": we refuse (" + refused.getMessage() + "), the reference encodes it");
                }
                continue;
            }
            if (expected == null) {
                mismatches.add(window + ": the reference refuses (" + record.get("error").asString() + "), we encode it");
            } else if (Arrays.equals(expected, actual)) {
                identical++;
            } else {
                mismatches.add(window + ": " + firstDifference(expected, actual));
            }
        }
        System.out.printf("reference goldens, %s grid: %d of %d windows identical%n", grid, identical, records);
        mismatches.forEach(m -> System.out.println("  " + m));
        assertThat(records).as("records in " + goldens).isPositive();
        return (double) identical / records;
    }

    private int[] encode(byte[] midi, String grid, int bars) {
        return VOCABULARY.ids(tokenizer.firstBars(midi, bars, ReadingGrid.byName(grid)));
    }

    private static String firstDifference(int[] expected, int[] actual) {
        int i = 0;
        while (i < expected.length && i < actual.length && expected[i] == actual[i]) i++;
        return "first difference at token " + i + " of " + expected.length + ": reference " + describe(expected, i)
                + ", ours " + describe(actual, i) + " (we wrote " + actual.length + " tokens)";
    }

    private static String describe(int[] ids, int i) {
        return i < ids.length ? ids[i] + " " + VOCABULARY.token(ids[i]) : "the end";
    }

    private static int[] ids(JsonNode tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = tokens.get(i).asInt();
        return ids;
    }
}
