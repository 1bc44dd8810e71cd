package io.polyphon.midi.reference;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceTokenizerTest {

    private final ReferenceTokenizer tokenizer = new ReferenceTokenizer(MidiLimits.DEFAULT, DensityTable.yellow());
    private final Vocabulary vocabulary = Vocabulary.of(IdLayout.MIDIGPT_2026);

    @Test
    void aFileWithoutNotesIsPieceStartAndFourBarsForEitherWindowAsTheReferenceWrites() {
        byte[] empty = new MidiBuilder(480).tempo(500_000, 0).bytes();
        for (int bars : new int[]{4, 8}) {
            assertThat(vocabulary.ids(tokenizer.firstBars(empty, bars, ReadingGrid.TRUNCATE))).containsExactly(0, 152);
        }
    }

    @Test
    void aWindowOfOtherThanFourOrEightBarsIsRefused() {
        byte[] midi = new MidiBuilder(480).track().note(0, 60, 90, 0, 480).bytes();
        assertThatThrownBy(() -> tokenizer.firstBars(midi, 6, ReadingGrid.ROUND))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 or 8");
    }
}
