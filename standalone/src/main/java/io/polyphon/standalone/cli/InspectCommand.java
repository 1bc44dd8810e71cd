package io.polyphon.standalone.cli;

import io.polyphon.midi.inspect.PieceInspector;
import io.polyphon.midi.inspect.PieceSummary;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.features.DensityTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code polyphon inspect FILE}: what the MIDI service sees in a file. */
@Command(name = "inspect", description = "Summarize a MIDI file: tracks, instruments, attributes, bars, tokens.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a MIDI file")
    Path file;

    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PieceSummary summary = new PieceInspector(DensityTable.yellow())
                .summarize(new MidiParser(MidiLimits.DEFAULT).parse(Files.readAllBytes(file)));
        if (json) {
            System.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(summary));
        } else {
            print(summary);
        }
        return 0;
    }

    private void print(PieceSummary s) {
        System.out.printf("%s: %d bars, %.0f bpm, time signature %s%n", file.getFileName(), s.bars(), s.tempoBpm(),
                String.join(", ", s.timeSignatures().stream()
                        .map(t -> t.timeSignature() + (t.fromBar() > 1 ? " from bar " + t.fromBar() : "")).toList()));
        System.out.printf("%-5s %-28s %6s  %-9s  %-15s  %s%n", "track", "instrument", "notes", "polyphony", "durations",
                "density");
        for (PieceSummary.TrackSummary t : s.tracks()) {
            String instrument = t.drum() ? "Drums" : t.instrument() + " (" + t.program() + ")";
            System.out.printf("%-5d %-28s %6d  %-9s  %-15s  %d%n", t.number(), instrument, t.notes(),
                    t.minPolyphony() + "-" + t.maxPolyphony(), t.minDuration() + "-" + t.maxDuration(), t.density());
        }
        System.out.printf("%d tokens in 8-bar windows; the longest window is %d tokens%n", s.tokenCount(),
                s.longestWindowTokens());
    }
}
