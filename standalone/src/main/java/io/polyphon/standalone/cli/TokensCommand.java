package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Piece;
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

/** {@code polyphon tokens FILE --bars N}: the track-mode token ids of a file's first bars, on one line. */
@Command(name = "tokens", description = "Print the MMM token ids of the first 4 or 8 bars of every track.")
final class TokensCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a MIDI file")
    Path file;

    @Option(names = "--bars", required = true, description = "bars to encode: 4 or 8")
    int bars;

    @Option(names = "--layout", defaultValue = "2026", description = "id layout: 2026 (default) or legacy")
    String layout;

    @Override
    public Integer call() throws Exception {
        MmmEncoder.numBarsValue(bars);
        Vocabulary vocabulary = Vocabulary.of(IdLayout.byName(layout));
        Piece window = new MidiParser(MidiLimits.DEFAULT).parse(Files.readAllBytes(file)).window(0, bars);
        var attributes = new AttributeFeatures(DensityTable.yellow()).of(window);
        int[] ids = vocabulary.ids(MmmEncoder.trackMode(window, attributes));
        System.out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        return 0;
    }
}
