package io.polyphon.mmm.codec;

import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MmmDecoderTest {

    private final AttributeFeatures features = new AttributeFeatures(DensityTable.yellow());

    @Test
    void decodesTheWorkedExampleBackIntoItsNotes() {
        List<Token> tokens = Vocabulary.of(IdLayout.LEGACY).tokens(WorkedExamples.LEGACY_IDS);
        Piece piece = MmmDecoder.decode(tokens, List.of());
        assertThat(piece.barCount()).isEqualTo(4);
        assertThat(piece.tracks().get(0).bars().get(0).notes())
                .containsExactly(new Note(0, 12, 60, 101), new Note(12, 6, 64, 101));
    }

    @Test
    void trackModeRoundTripKeepsEveryNoteUpToVelocityLevel() {
        Piece band = WorkedExamples.band();
        Piece decoded = MmmDecoder.decode(MmmEncoder.trackMode(band, features.of(band)), band.tempos());
        assertThat(decoded.tracks()).hasSize(2);
        assertThat(decoded.tracks().get(1).drum()).isTrue();
        for (int t = 0; t < 2; t++) {
            for (int b = 0; b < 4; b++) {
                List<Note> original = band.tracks().get(t).bars().get(b).notes();
                List<Note> back = decoded.tracks().get(t).bars().get(b).notes();
                assertThat(back).extracting(Note::onset, Note::pitch, Note::duration)
                        .containsExactlyElementsOf(original.stream()
                                .map(n -> org.assertj.core.groups.Tuple.tuple(n.onset(), n.pitch(), n.duration())).toList());
            }
        }
    }

    @Test
    void fillBodiesAreSplicedIntoTheirPlaceholders() {
        Piece band = WorkedExamples.band();
        TreeSet<BarCell> cells = new TreeSet<>(List.of(new BarCell(0, 3)));
        List<Token> tokens = new ArrayList<>(MmmEncoder.barInfill(band, cells, features.of(band)));
        Map<BarCell, Bar> fills = MmmDecoder.fills(tokens);
        assertThat(fills.get(new BarCell(0, 3)).notes()).extracting(Note::pitch).containsExactly(60, 64, 67);
        Piece decoded = MmmDecoder.decode(tokens, band.tempos());
        assertThat(decoded.tracks().get(0).bars().get(3).notes()).hasSize(3);
    }

    @Test
    void refusesASequenceCutInTheMiddleOfABar() {
        List<Token> tokens = Vocabulary.of(IdLayout.LEGACY).tokens(WorkedExamples.LEGACY_IDS).subList(0, 12);
        assertThatThrownBy(() -> MmmDecoder.decode(tokens, List.of()))
                .isInstanceOf(MalformedTokensException.class).hasMessageContaining("ends in the middle");
    }

    @Test
    void refusesATokenOutOfPlace() {
        int[] ids = WorkedExamples.LEGACY_IDS.clone();
        ids[3] = 4; // BAR where INSTRUMENT belongs
        List<Token> tokens = Vocabulary.of(IdLayout.LEGACY).tokens(ids);
        assertThatThrownBy(() -> MmmDecoder.decode(tokens, List.of()))
                .isInstanceOf(MalformedTokensException.class).hasMessageContaining("token 3: expected INSTRUMENT");
    }
}
