package io.polyphon.mmm.codec;

import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.features.TrackAttributes;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;
import io.polyphon.mmm.vocab.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MmmEncoderTest {

    private final AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());

    @Test
    void encodesTheWorkedExampleToTheHandCheckedLegacyIds() {
        Piece piece = WorkedExamples.pianoPiece();
        List<Token> tokens = MmmEncoder.trackMode(piece, features.of(piece));
        assertThat(Vocabulary.of(IdLayout.LEGACY).ids(tokens)).containsExactly(WorkedExamples.LEGACY_IDS);
    }

    @Test
    void drumTracksCarryDensityAndNoDurations() {
        Piece piece = WorkedExamples.band();
        List<Token> tokens = MmmEncoder.trackMode(piece, features.of(piece));
        int drumTrack = tokens.lastIndexOf(new Token(TokenType.TRACK, 1));
        List<Token> drums = tokens.subList(drumTrack, tokens.size());
        assertThat(drums.get(2).type()).isEqualTo(TokenType.DENSITY_LEVEL);
        assertThat(drums).noneMatch(t -> t.type() == TokenType.NOTE_DURATION || t.type() == TokenType.MIN_POLYPHONY);
    }

    @Test
    void barInfillWritesPlaceholdersAndFillsInTrackThenBarOrder() {
        Piece piece = WorkedExamples.band();
        TreeSet<BarCell> cells = new TreeSet<>(List.of(new BarCell(1, 0), new BarCell(0, 2), new BarCell(0, 1)));
        List<Token> tokens = MmmEncoder.barInfill(piece, cells, features.of(piece));
        assertThat(tokens.get(0)).isEqualTo(new Token(TokenType.PIECE_START, 1));
        assertThat(tokens.stream().filter(t -> t.type() == TokenType.FILL_IN_PLACEHOLDER)).hasSize(3);
        assertThat(MmmDecoder.fills(tokens).keySet())
                .containsExactly(new BarCell(0, 1), new BarCell(0, 2), new BarCell(1, 0));
    }

    @Test
    void forcedAttributesAreWrittenInsteadOfMeasuredOnes() {
        Piece piece = WorkedExamples.pianoPiece();
        List<Token> tokens = MmmEncoder.trackMode(piece, List.of(new TrackAttributes(2, 5, 1, 4, 3)));
        assertThat(tokens.subList(4, 8)).containsExactly(new Token(TokenType.MIN_POLYPHONY, 2),
                new Token(TokenType.MAX_POLYPHONY, 5), new Token(TokenType.MIN_NOTE_DURATION, 1),
                new Token(TokenType.MAX_NOTE_DURATION, 4));
    }

    @Test
    void refusesWindowsThatAreNotFourOrEightBars() {
        Piece piece = WorkedExamples.pianoPiece().window(0, 3);
        assertThatThrownBy(() -> MmmEncoder.trackMode(piece, features.of(piece))).hasMessageContaining("4 or 8 bars");
    }
}
