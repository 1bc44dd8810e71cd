package io.polyphon.midi.edit;

import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The piece edits Calliope offers before generating: drop tracks, add an empty track with a chosen instrument. */
public final class PieceEdits {

    private PieceEdits() {
    }

    /** The piece without the given tracks (numbered from 1, as a musician counts). */
    public static Piece dropTracks(Piece piece, List<Integer> trackNumbers) {
        Set<Integer> drop = new TreeSet<>();
        for (int number : trackNumbers) {
            if (number < 1 || number > piece.tracks().size()) {
                throw new IllegalArgumentException("there is no track " + number + "; the piece has tracks 1 to "
                        + piece.tracks().size());
            }
            drop.add(number - 1);
        }
        if (drop.size() == piece.tracks().size()) {
            throw new IllegalArgumentException("dropping every track leaves nothing to generate from");
        }
        List<Track> kept = new ArrayList<>();
        for (int t = 0; t < piece.tracks().size(); t++) if (!drop.contains(t)) kept.add(piece.tracks().get(t));
        return piece.withTracks(kept);
    }

    /** The piece with an empty track appended: a GM program 0..127, or the drum kit. */
    public static Piece addTrack(Piece piece, int program, boolean drum) {
        if (program < 0 || program > 127) {
            throw new IllegalArgumentException("instrument must be a General MIDI program 0..127, not " + program);
        }
        List<Track> tracks = new ArrayList<>(piece.tracks());
        tracks.add(new Track(program, drum, Collections.nCopies(piece.barCount(), Bar.EMPTY)));
        return piece.withTracks(tracks);
    }
}
