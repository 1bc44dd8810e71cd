package io.polyphon.mmm.codec;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;

import java.util.Collections;
import java.util.List;

/** The hand-checked example of research §5.6 and small pieces built around it. */
final class WorkedExamples {

    /** Legacy ids of §5.6 with the attributes filled in: poly 1–1 (585, 595), durations 8th–quarter (575, 582). */
    static final int[] LEGACY_IDS = {0, 2, 42, 45, 585, 595, 575, 582, 4, 19, 640, 214, 293, 390, 218, 287, 5,
            4, 19, 5, 4, 19, 5, 4, 19, 5, 44};

    private WorkedExamples() {
    }

    /** One piano track, 4 bars of 4/4; bar 1 holds C4 (quarter) at tick 0 and E4 (eighth) at tick 12, velocity 100. */
    static Piece pianoPiece() {
        Bar first = new Bar(List.of(new Note(0, 12, 60, 100), new Note(12, 6, 64, 100)));
        Track piano = new Track(0, false, List.of(first, Bar.EMPTY, Bar.EMPTY, Bar.EMPTY));
        return new Piece(Collections.nCopies(4, TimeSignature.FOUR_FOUR), List.of(piano), List.of());
    }

    /** A piano track and a drum track over 4 bars, with notes in every bar and a note held across a bar line. */
    static Piece band() {
        Bar chords = new Bar(List.of(new Note(0, 24, 60, 80), new Note(0, 24, 64, 80), new Note(24, 30, 67, 64)));
        Bar beat = new Bar(List.of(new Note(0, 1, 36, 110), new Note(12, 1, 42, 70), new Note(24, 1, 38, 100),
                new Note(36, 1, 42, 70)));
        Track piano = new Track(0, false, Collections.nCopies(4, chords));
        Track drums = new Track(0, true, Collections.nCopies(4, beat));
        return new Piece(Collections.nCopies(4, TimeSignature.FOUR_FOUR), List.of(piano, drums), List.of());
    }
}
