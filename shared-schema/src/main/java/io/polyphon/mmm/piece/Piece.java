package io.polyphon.mmm.piece;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece as MMM sees it: tracks × bars × notes on the 12-ticks-per-quarter grid.
 * Every track has one bar per entry of {@code timeSignatures}; bars share their time signature across tracks.
 */
public record Piece(List<TimeSignature> timeSignatures, List<Track> tracks, List<TempoChange> tempos) {

    /** Ticks per quarter note of the grid every piece lives on. */
    public static final int TICKS_PER_QUARTER = 12;

    public Piece {
        timeSignatures = List.copyOf(timeSignatures);
        tracks = List.copyOf(tracks);
        tempos = tempos.isEmpty() ? List.of(new TempoChange(0, TempoChange.DEFAULT_MICROS_PER_QUARTER)) : List.copyOf(tempos);
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).bars().size() != timeSignatures.size()) {
                throw new IllegalArgumentException("track " + (i + 1) + " has " + tracks.get(i).bars().size()
                        + " bars, the piece has " + timeSignatures.size());
            }
            for (int b = 0; b < timeSignatures.size(); b++) {
                int length = timeSignatures.get(b).ticks();
                for (Note note : tracks.get(i).bars().get(b).notes()) {
                    if (note.onset() >= length) {
                        throw new IllegalArgumentException("track " + (i + 1) + " bar " + (b + 1)
                                + ": onset " + note.onset() + " is past the bar's " + length + " ticks");
                    }
                }
            }
        }
    }

    public int barCount() {
        return timeSignatures.size();
    }

    /** Start of bar {@code bar} in grid ticks from the start of the piece. */
    public long barStart(int bar) {
        long start = 0;
        for (int i = 0; i < bar; i++) start += timeSignatures.get(i).ticks();
        return start;
    }

    public int noteCount() {
        return tracks.stream().mapToInt(Track::noteCount).sum();
    }

    /**
     * Bars {@code [from, from + count)} of every track. Bars past the end are padded with empty 4/4 bars, as MMM
     * pads a piece shorter than its window (research §10.3).
     */
    public Piece window(int from, int count) {
        if (from < 0 || count < 1) throw new IllegalArgumentException("bad window " + from + "+" + count);
        int available = Math.max(0, Math.min(count, barCount() - from));
        List<TimeSignature> signatures = new ArrayList<>(timeSignatures.subList(Math.min(from, barCount()), Math.min(from, barCount()) + available));
        while (signatures.size() < count) signatures.add(TimeSignature.FOUR_FOUR);
        List<Track> windowTracks = new ArrayList<>();
        for (Track track : tracks) {
            List<Bar> bars = new ArrayList<>(track.bars().subList(Math.min(from, barCount()), Math.min(from, barCount()) + available));
            while (bars.size() < count) bars.add(Bar.EMPTY);
            windowTracks.add(new Track(track.program(), track.drum(), bars));
        }
        return new Piece(signatures, windowTracks, tempos);
    }

    /** The piece with bar {@code bar} of track {@code track} replaced. */
    public Piece withBar(int track, int bar, Bar content) {
        List<Track> newTracks = new ArrayList<>(tracks);
        newTracks.set(track, tracks.get(track).withBar(bar, content));
        return new Piece(timeSignatures, newTracks, tempos);
    }

    public Piece withTracks(List<Track> newTracks) {
        return new Piece(timeSignatures, newTracks, tempos);
    }
}
