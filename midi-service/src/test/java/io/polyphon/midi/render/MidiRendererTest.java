package io.polyphon.midi.render;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import org.junit.jupiter.api.Test;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class MidiRendererTest {

    private final MidiParser parser = new MidiParser(MidiLimits.DEFAULT);

    private final Piece piece = parser.parse(new MidiBuilder(480)
            .timeSignature(4, 4, 0).timeSignature(3, 4, 1920).tempo(500_000, 0).tempo(400_000, 1920)
            .track().program(0, 33, 0).note(0, 40, 90, 0, 960).note(0, 43, 70, 1920, 2400)
            .track().program(1, 0, 0).note(1, 60, 80, 480, 1440)
            .track().note(9, 36, 100, 0, 10).note(9, 38, 100, 1920, 1930)
            .bytes());

    @Test
    void writesATypeOneFileWithAConductorAndOneTrackPerInstrument() throws Exception {
        Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(MidiRenderer.render(piece)));
        assertThat(MidiSystem.getMidiFileFormat(new ByteArrayInputStream(MidiRenderer.render(piece))).getType()).isEqualTo(1);
        assertThat(sequence.getTracks()).hasSize(1 + piece.tracks().size());
    }

    @Test
    void aRenderedPieceParsesBackToTheSamePiece() {
        assertThat(parser.parse(MidiRenderer.render(piece))).isEqualTo(piece);
    }
}
