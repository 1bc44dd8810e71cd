package io.polyphon.midi.parse;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Research §5.6, from a MIDI file: one piano track, 4 bars of 4/4, C4 quarter at beat 1 and E4 eighth at beat 2. */
class WorkedExampleTest {

    private static final int[] LEGACY_IDS = {0, 2, 42, 45, 585, 595, 575, 582, 4, 19, 640, 214, 293, 390, 218, 287, 5,
            4, 19, 5, 4, 19, 5, 4, 19, 5, 44};

    private final byte[] midi = new MidiBuilder(480)
            .timeSignature(4, 4, 0).tempo(500_000, 0)
            .track().program(0, 0, 0)
            .note(0, 60, 100, 0, 480)
            .note(0, 64, 100, 480, 720)
            .bytes();

    private List<Token> tokens() {
        Piece window = new MidiParser(MidiLimits.DEFAULT).parse(midi).window(0, 4);
        return MmmEncoder.trackMode(window, new AttributeFeatures(DensityTable.yellow()).of(window));
    }

    @Test
    void midiFileEncodesToTheHandCheckedLegacyIds() {
        assertThat(Vocabulary.of(IdLayout.LEGACY).ids(tokens())).containsExactly(LEGACY_IDS);
    }

    @Test
    void layout2026WritesTheSameTokensUnderItsOwnIds() {
        int[] ids2026 = Vocabulary.of(IdLayout.MIDIGPT_2026).ids(tokens());
        assertThat(Vocabulary.of(IdLayout.MIDIGPT_2026).tokens(ids2026))
                .containsExactlyElementsOf(Vocabulary.of(IdLayout.LEGACY).tokens(LEGACY_IDS));
        assertThat(ids2026).startsWith(0, 152, 2, 43, 615, 625, 637, 644, 5, 20, 595, 214, 293, 390, 218, 287, 6);
    }
}
