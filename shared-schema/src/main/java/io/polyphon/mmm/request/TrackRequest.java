package io.polyphon.mmm.request;

import java.util.List;

/**
 * What to do with one track of the piece.
 *
 * @param track       track number, from 1 as a musician counts
 * @param action      keep, regenerate, infill or ignore
 * @param bars        for INFILL: bar numbers from 1
 * @param controls    attribute controls for the generated bars ({@link Controls#ANY} if null)
 * @param temperature this track's sampling temperature, or null for the request's
 */
public record TrackRequest(int track, TrackAction action, List<Integer> bars, Controls controls, Double temperature) {

    public TrackRequest {
        bars = GenerationRequest.entries("bars of track " + track + ": bars", bars);
        controls = controls == null ? Controls.ANY : controls;
        if (action == null) throw new InvalidRequestException("invalid-track-request", "track " + track + " needs an action");
        if (action == TrackAction.INFILL && bars.isEmpty()) {
            throw new InvalidRequestException("invalid-track-request", "infill of track " + track + " names no bars");
        }
        GenerationRequest.checkTemperature(temperature);
    }

    public static TrackRequest regenerate(int track) {
        return new TrackRequest(track, TrackAction.REGENERATE, List.of(), Controls.ANY, null);
    }

    public static TrackRequest infill(int track, List<Integer> bars) {
        return new TrackRequest(track, TrackAction.INFILL, bars, Controls.ANY, null);
    }

    public static TrackRequest ignore(int track) {
        return new TrackRequest(track, TrackAction.IGNORE, List.of(), Controls.ANY, null);
    }
}
