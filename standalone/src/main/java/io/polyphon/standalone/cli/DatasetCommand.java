package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.midi.parse.MidiRejectedException;
import io.polyphon.mmm.codec.BarCell;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.Vocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code polyphon dataset}: training examples for {@code model/train.py}, drawn the way MMM's data sampler draws them
 * (research §9.1): a random 4- or 8-bar window, tracks that are mostly non-empty there (at most 12, shuffled), pitched
 * tracks transposed by −6..+5 semitones, and about three quarters of examples in bar-infill mode. One example per
 * line, as space-separated ids of the chosen layout. Serving uses the same encoder, so the two cannot drift apart.
 */
@Command(name = "dataset", description = "Write MMM training examples (one line of token ids each) from MIDI files.")
final class DatasetCommand implements Callable<Integer> {

    private static final int MAX_TRACKS = 12;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "folders of MIDI files (searched recursively)")
    List<Path> folders;

    @Option(names = "--out", required = true, description = "file to write")
    Path out;

    @Option(names = "--examples", defaultValue = "10000", description = "examples to write")
    int examples;

    @Option(names = "--seed", defaultValue = "1", description = "random seed")
    long seed;

    @Option(names = "--max-tokens", defaultValue = "1024", description = "longest example; longer draws are cropped")
    int maxTokens;

    @Option(names = "--infill-share", defaultValue = "0.75", description = "share of bar-infill examples")
    double infillShare;

    @Option(names = "--layout", defaultValue = "2026", description = "id layout: 2026 or legacy")
    String layout;

    @Option(names = "--grid", defaultValue = "round", description = "how MIDI is read onto the grid: round or truncate")
    String grid;

    @Override
    public Integer call() throws IOException {
        Vocabulary vocabulary = Vocabulary.of(IdLayout.byName(layout));
        AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());
        MidiParser parser = new MidiParser(MidiLimits.DEFAULT, ReadingGrid.byName(grid));
        List<Piece> pieces = new ArrayList<>();
        for (Path folder : folders) {
            for (byte[] file : BenchCommand.readMidiFiles(folder)) {
                try {
                    Piece piece = parser.parse(file);
                    if (piece.barCount() >= 4) pieces.add(piece);
                } catch (MidiRejectedException | IllegalArgumentException refused) {
                    // unusable files are skipped; the count below tells how many remain
                }
            }
        }
        if (pieces.isEmpty()) throw new IllegalArgumentException("no usable MIDI files under " + folders);
        Random random = new Random(seed);
        int written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int attempt = 0; written < examples && attempt < examples * 20; attempt++) {
                List<Token> tokens = draw(pieces.get(random.nextInt(pieces.size())), random, features);
                if (tokens == null) continue;
                int[] ids = vocabulary.ids(tokens);
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < Math.min(ids.length, maxTokens); i++) line.append(i == 0 ? "" : " ").append(ids[i]);
                w.write(line.toString());
                w.newLine();
                written++;
            }
        }
        System.out.printf("%d examples from %d pieces written to %s%n", written, pieces.size(), out);
        return 0;
    }

    private List<Token> draw(Piece piece, Random random, AttributeFeatures features) {
        int bars = piece.barCount() >= 8 && random.nextBoolean() ? 8 : 4;
        Piece window = piece.window(random.nextInt(piece.barCount() - bars + 1), bars);
        List<Track> kept = new ArrayList<>();
        for (Track track : window.tracks()) {
            long nonEmpty = track.bars().stream().filter(Bar::hasNotes).count();
            if (nonEmpty * 4 >= bars * 3L) kept.add(track);
        }
        if (kept.isEmpty()) return null;
        Collections.shuffle(kept, random);
        kept = transpose(kept.subList(0, Math.min(MAX_TRACKS, kept.size())), random.nextInt(12) - 6);
        window = window.withTracks(kept);
        var attributes = features.of(window);
        if (random.nextDouble() >= infillShare) return MmmEncoder.trackMode(window, attributes);
        int cells = kept.size() * bars;
        int fills = 1 + random.nextInt(Math.max(1, cells * 3 / 4));
        List<BarCell> all = new ArrayList<>();
        for (int t = 0; t < kept.size(); t++) for (int b = 0; b < bars; b++) all.add(new BarCell(t, b));
        Collections.shuffle(all, random);
        SortedSet<BarCell> chosen = new TreeSet<>(all.subList(0, fills));
        return MmmEncoder.barInfill(window, chosen, attributes);
    }

    /** Pitched tracks moved by {@code semitones}, unless that would leave the MIDI range; drums never move. */
    private static List<Track> transpose(List<Track> tracks, int semitones) {
        boolean fits = tracks.stream().filter(t -> !t.drum()).flatMap(t -> t.bars().stream())
                .flatMap(b -> b.notes().stream())
                .allMatch(n -> n.pitch() + semitones >= 0 && n.pitch() + semitones <= 127);
        if (!fits) return new ArrayList<>(tracks);
        List<Track> moved = new ArrayList<>();
        for (Track track : tracks) {
            if (track.drum()) {
                moved.add(track);
                continue;
            }
            List<Bar> bars = track.bars().stream().map(bar -> new Bar(bar.notes().stream()
                    .map(n -> new Note(n.onset(), n.duration(), n.pitch() + semitones, n.velocity())).toList())).toList();
            moved.add(new Track(track.program(), false, bars));
        }
        return moved;
    }
}
