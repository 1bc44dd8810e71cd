package io.polyphon.midi.audio;

import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The tracks a listener asked to hear, as {@code "1,3"}: 1-based numbers of the normalized piece's tracks. */
public final class TrackSelection {

    private TrackSelection() {
    }

    /** The piece with only the listed tracks, in the piece's order; a blank or absent list keeps them all. */
    public static Piece keep(Piece piece, String numbers) {
        if (numbers == null || numbers.isBlank()) return piece;
        TreeSet<Integer> chosen = new TreeSet<>();
        for (String part : numbers.split(",", -1)) {
            chosen.add(number(part.strip(), piece.tracks().size()));
        }
        List<Track> kept = new ArrayList<>();
        for (int number : chosen) kept.add(piece.tracks().get(number - 1));
        return piece.withTracks(kept);
    }

    private static int number(String part, int trackCount) {
        int number;
        try {
            number = Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new AudioRefusedException(AudioProblem.UNKNOWN_TRACK,
                    "'" + part + "' is not a track number; list tracks as 1-based numbers, e.g. tracks=1,3.");
        }
        if (number < 1 || number > trackCount) {
            throw new AudioRefusedException(AudioProblem.UNKNOWN_TRACK,
                    "The piece has no track " + number + "; its tracks are numbered 1 to " + trackCount + ".");
        }
        return number;
    }
}
