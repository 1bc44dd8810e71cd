package io.polyphon.midi;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.midi.parse.MidiRejectedException;
import io.polyphon.midi.parse.Rejection;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge files of ../shared/corpus/edge behave as MMM-ENCODING.md says. */
class EdgeFilesTest {

    private final MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
    private final AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());

    private Piece piece(String name) {
        return parser.parse(Corpus.read("edge/" + name));
    }

    private List<Token> firstEightBars(Piece piece) {
        Piece window = piece.window(0, 8);
        return MmmEncoder.trackMode(window, features.of(window));
    }

    @Test
    void anEmptyFileIsRefusedForHavingNoNotes() {
        byte[] empty = Corpus.read("edge/empty.mid");
        assertThatThrownBy(() -> parser.parse(empty)).isInstanceOfSatisfying(MidiRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(Rejection.NO_NOTES));
    }

    @Test
    void aNoteSustainedAcrossBarLinesIsMeasuredAcrossThem() {
        Piece piece = piece("edge_cross_bar_sustain.mid");
        Track track = piece.tracks().get(0);
        int barLength = piece.timeSignatures().get(0).ticks();
        Note crossing = track.bars().stream().flatMap(b -> b.notes().stream())
                .filter(n -> n.onset() + n.duration() > barLength).findFirst().orElseThrow();
        assertThat(firstEightBars(piece)).contains(new Token(TokenType.NOTE_DURATION, crossing.duration() - 1));
    }

    @Test
    void aVeryLongNoteIsCappedAtEightBeats() {
        Piece piece = piece("edge_very_long_note.mid");
        assertThat(piece.tracks().get(0).bars().get(0).notes()).anyMatch(n -> n.duration() > MmmEncoder.MAX_DURATION);
        List<Token> tokens = firstEightBars(piece);
        assertThat(tokens).contains(new Token(TokenType.NOTE_DURATION, 95));
    }

    @Test
    void drumsCarryDensityAndOnsetsOnly() {
        Piece piece = piece("edge_drums_and_melodic.mid");
        assertThat(piece.tracks()).extracting(Track::drum).containsExactly(false, true);
        List<Token> tokens = firstEightBars(piece);
        List<Token> drumPart = tokens.subList(tokens.indexOf(new Token(TokenType.TRACK, 1)), tokens.size());
        assertThat(drumPart.get(2).type()).isEqualTo(TokenType.DENSITY_LEVEL);
        assertThat(drumPart).noneMatch(t -> t.type() == TokenType.NOTE_DURATION);
        assertThat(piece.tracks().get(1).bars().stream().flatMap(b -> b.notes().stream())).allMatch(n -> n.duration() == 1);
    }

    @Test
    void aTimeSignatureChangeRetimesTheFollowingBars() {
        Piece piece = piece("edge_time_sig_change.mid");
        assertThat(piece.timeSignatures().subList(0, 5)).containsOnly(TimeSignature.FOUR_FOUR);
        assertThat(piece.timeSignatures().subList(5, piece.barCount())).containsOnly(new TimeSignature(3, 4));
        Piece window = piece.window(4, 4);
        List<Token> tokens = MmmEncoder.trackMode(window, features.of(window));
        assertThat(tokens.stream().filter(t -> t.type() == TokenType.TIME_SIGNATURE).map(Token::value))
                .containsExactly(13, 10, 10, 10);
    }

    @Test
    void densePolyphonyIsMeasuredAndCappedAtTenVoices() {
        Piece piece = piece("edge_dense_polyphony.mid");
        var attributes = features.of(piece).get(0);
        assertThat(attributes.maxPolyphony()).isGreaterThan(attributes.minPolyphony());
        assertThat(attributes.maxPolyphony()).isLessThanOrEqualTo(9);
    }
}
