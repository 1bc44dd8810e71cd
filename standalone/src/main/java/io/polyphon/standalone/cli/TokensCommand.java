package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.reference.ReferenceTokenizer;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Vocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code polyphon tokens FILE --bars N}: the reference tokenizer's track-mode ids of a file's first bars, on one line. */
@Command(name = "tokens", description = "Print the MMM token ids of the first 4 or 8 bars of every track, as the "
        + "reference tokenizer (MIDI-GPT 0.3.2) writes them.")
final class TokensCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a MIDI file")
    Path file;

    @Option(names = "--bars", required = true, description = "bars to encode: 4 or 8")
    int bars;

    @Option(names = "--grid", defaultValue = "round",
            description = "reading grid: round (default; MidiReader(12), legacy and the bundled model) or truncate "
                    + "(read at 480 tpq, then truncated: published 2026 checkpoints)")
    String grid;

    @Option(names = "--layout", defaultValue = "2026", description = "id layout: 2026 (default) or legacy")
    String layout;

    @Override
    public Integer call() throws Exception {
        ReadingGrid readingGrid = ReadingGrid.byName(grid);
        Vocabulary vocabulary = Vocabulary.of(IdLayout.byName(layout));
        var tokens = new ReferenceTokenizer(MidiLimits.DEFAULT, DensityTable.yellow())
                .firstBars(Files.readAllBytes(file), bars, readingGrid);
        int[] ids = vocabulary.ids(tokens);
        System.out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        return 0;
    }
}
