package io.polyphon.midi.edit;

import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PieceEditsTest {

    private final Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(new MidiBuilder(480)
            .track().program(0, 33, 0).note(0, 40, 90, 0, 960)
            .track().program(1, 0, 0).note(1, 60, 80, 480, 7000)
            .bytes());

    @Test
    void droppingATrackKeepsTheOthersInOrder() {
        Piece edited = PieceEdits.dropTracks(piece, List.of(1));
        assertThat(edited.tracks()).extracting(Track::program).containsExactly(0);
        assertThat(edited.barCount()).isEqualTo(piece.barCount());
    }

    @Test
    void anAddedTrackIsEmptyAndSpansEveryBar() {
        Piece edited = PieceEdits.addTrack(piece, 73, false);
        Track flute = edited.tracks().get(2);
        assertThat(flute.program()).isEqualTo(73);
        assertThat(flute.bars()).hasSize(piece.barCount());
        assertThat(flute.noteCount()).isZero();
    }

    @Test
    void refusesToDropATrackThatDoesNotExist() {
        assertThatThrownBy(() -> PieceEdits.dropTracks(piece, List.of(3))).hasMessageContaining("no track 3");
    }

    @Test
    void refusesToDropEveryTrack() {
        assertThatThrownBy(() -> PieceEdits.dropTracks(piece, List.of(1, 2))).hasMessageContaining("nothing");
    }

    @Test
    void refusesAnInstrumentOutsideGeneralMidi() {
        assertThatThrownBy(() -> PieceEdits.addTrack(piece, 128, false)).hasMessageContaining("0..127");
    }
}
