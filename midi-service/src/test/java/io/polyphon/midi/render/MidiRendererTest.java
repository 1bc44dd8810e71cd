package io.polyphon.midi.render;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    @Test
    void piecesRenderedAtTheSameTimeEachGetTheirOwnFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> renders = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Piece mine = i % 2 == 0 ? piece : piece.window(0, 1); // two different files in flight together
                renders.add(pool.submit(() -> parser.parse(MidiRenderer.render(mine)).equals(mine)));
            }
            for (Future<Boolean> render : renders) assertThat(render.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
