package io.polyphon.midi;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.midi.parse.MidiRejectedException;
import io.polyphon.midi.render.MidiRenderer;
import io.polyphon.mmm.codec.MmmDecoder;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Instruments;
import io.polyphon.mmm.vocab.VelocityLevels;
import io.polyphon.mmm.vocab.Vocabulary;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MIDI → piece → tokens → piece → MIDI → piece over every corpus file: what survives is every note, up to what the
 * encoding can say (grid onset, pitch, duration capped at 96 ticks, velocity level, instrument group, drum flag) and
 * what one MIDI channel can sound (the piece rendered straight to MIDI: a pitch struck again ends its last note).
 */
class CorpusRoundTripTest {

    private final MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
    private final AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());
    private final Vocabulary vocabulary = Vocabulary.of(IdLayout.MIDIGPT_2026);

    @TestFactory
    Stream<DynamicTest> everyCorpusFileSurvivesTheRoundTrip() {
        return Corpus.files().stream()
                .filter(path -> !path.getFileName().toString().equals("empty.mid"))
                .map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> roundTrip(path)));
    }

    private void roundTrip(Path path) throws Exception {
        Piece original = parser.parse(Files.readAllBytes(path));
        Piece playable = parser.parse(MidiRenderer.render(original));
        Piece throughTokens = throughTokens(original);
        Piece reparsed = parser.parse(MidiRenderer.render(throughTokens));

        assertThat(reparsed.tracks()).hasSameSizeAs(original.tracks());
        assertThat(original.timeSignatures()).startsWith(reparsed.timeSignatures().toArray(new io.polyphon.mmm.piece.TimeSignature[0]));
        assertThat(reparsed.tempos()).isEqualTo(original.tempos());
        for (int t = 0; t < original.tracks().size(); t++) {
            Track before = original.tracks().get(t);
            Track after = reparsed.tracks().get(t);
            assertThat(after.drum()).as("drum flag of track %d", t + 1).isEqualTo(before.drum());
            assertThat(after.program()).as("program of track %d", t + 1).isEqualTo(Instruments.canonicalProgram(before.program()));
            assertThat(encodable(reparsed, after)).as("notes of track %d", t + 1)
                    .containsExactlyElementsOf(encodable(playable, playable.tracks().get(t)));
            assertThat(strikes(playable, playable.tracks().get(t))).as("onsets of track %d", t + 1)
                    .containsExactlyElementsOf(strikes(original, before));
        }
    }

    /** Encodes the piece window by window (8 bars, track mode), decodes each, and joins the bars again. */
    private Piece throughTokens(Piece piece) {
        List<List<Bar>> bars = new ArrayList<>();
        piece.tracks().forEach(t -> bars.add(new ArrayList<>()));
        for (int from = 0; from < piece.barCount(); from += 8) {
            Piece window = piece.window(from, 8);
            int[] ids = vocabulary.ids(MmmEncoder.trackMode(window, features.of(window)));
            Piece decoded = MmmDecoder.decode(vocabulary.tokens(ids), piece.tempos());
            int keep = Math.min(8, piece.barCount() - from);
            for (int t = 0; t < bars.size(); t++) bars.get(t).addAll(decoded.tracks().get(t).bars().subList(0, keep));
        }
        List<Track> tracks = new ArrayList<>();
        for (int t = 0; t < bars.size(); t++) {
            Track source = piece.tracks().get(t);
            tracks.add(new Track(Instruments.canonicalProgram(source.program()), source.drum(), bars.get(t)));
        }
        return new Piece(piece.timeSignatures(), tracks, piece.tempos());
    }

    /** Each note as the encoding can carry it: absolute grid onset, pitch, capped duration, velocity level. */
    private static List<String> encodable(Piece piece, Track track) {
        List<String> notes = new ArrayList<>();
        for (int b = 0; b < piece.barCount(); b++) {
            long start = piece.barStart(b);
            for (Note n : track.bars().get(b).notes()) {
                int duration = Math.min(n.duration(), MmmEncoder.MAX_DURATION);
                notes.add((start + n.onset()) + ":" + n.pitch() + ":" + duration + ":" + VelocityLevels.level(n.velocity()));
            }
        }
        return notes;
    }

    /** Each distinct (grid onset, pitch) of a track: what a MIDI channel keeps of notes struck together. */
    private static List<String> strikes(Piece piece, Track track) {
        return encodable(piece, track).stream().map(n -> n.substring(0, n.indexOf(':', n.indexOf(':') + 1))).distinct().toList();
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileIsParsedOrRefusedWithAReason() {
        return Corpus.files().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            try {
                assertThat(parser.parse(Files.readAllBytes(path)).noteCount()).isPositive();
            } catch (MidiRejectedException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }));
    }
}
