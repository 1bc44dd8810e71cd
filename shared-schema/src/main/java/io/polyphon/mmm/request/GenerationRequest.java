package io.polyphon.mmm.request;

import io.polyphon.mmm.piece.Piece;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch of variations of one piece, as Calliope offers them: per-track actions and controls, added tracks, a
 * temperature and a seed. Sample {@code i} of a request is the same music whatever batch or shard it runs in.
 *
 * @param count       samples to generate, 1..1000
 * @param seed        the job seed; each sample's generator is seeded from (seed, sample index)
 * @param temperature sampling temperature for tracks that set none, 0.5..2.0 as in MMM
 * @param tracks      what to do with existing tracks; tracks not named are kept as context
 * @param newTracks   tracks to add and generate
 * @param barsPerStep bars generated per model window, 1..8 (8, or the model's window, for the whole window in one
 *                    step), or 0 for the default: half the window, context on both sides
 */
public record GenerationRequest(int count, long seed, double temperature, List<TrackRequest> tracks,
                                List<NewTrack> newTracks, int barsPerStep) {

    public static final int MAX_COUNT = 1000;

    public GenerationRequest {
        tracks = entries("tracks", tracks);
        newTracks = entries("newTracks", newTracks);
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidRequestException("count-out-of-range", "count must be 1.." + MAX_COUNT + ", not " + count);
        }
        checkTemperature(temperature);
        if (barsPerStep < 0 || barsPerStep > 8) {
            throw new InvalidRequestException("invalid-bars-per-step", "barsPerStep must be 0..8, not " + barsPerStep);
        }
    }

    /**
     * A list of a request as given (none is an empty list), refused with {@code null-entry} if an entry is null: a
     * client's {@code [1, null]} is a mistake to name, not a crash.
     */
    public static <T> List<T> entries(String name, List<T> given) {
        if (given == null) return List.of();
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null) {
                throw new InvalidRequestException("null-entry", name + "[" + i + "] is null; every entry needs a value");
            }
        }
        return List.copyOf(given);
    }

    static void checkTemperature(Double temperature) {
        if (temperature != null && !(temperature >= 0.5 && temperature <= 2.0)) {
            throw new InvalidRequestException("temperature-out-of-range",
                    "temperature must be between 0.5 and 2.0, not " + temperature);
        }
    }

    /** Checks the request against the piece it applies to: tracks and bars must exist, something must be generated. */
    public void validateAgainst(Piece piece) {
        Set<Integer> named = new HashSet<>();
        boolean generates = !newTracks.isEmpty();
        for (TrackRequest t : tracks) {
            if (t.track() < 1 || t.track() > piece.tracks().size()) {
                throw new InvalidRequestException("unknown-track", "there is no track " + t.track()
                        + "; the piece has tracks 1 to " + piece.tracks().size());
            }
            if (!named.add(t.track())) {
                throw new InvalidRequestException("duplicate-track", "track " + t.track() + " is named twice");
            }
            for (int bar : t.bars()) {
                if (bar < 1 || bar > piece.barCount()) {
                    throw new InvalidRequestException("bar-out-of-range", "bar " + bar + " of track " + t.track()
                            + " is outside the piece, which has bars 1 to " + piece.barCount());
                }
            }
            generates |= t.action() == TrackAction.REGENERATE || t.action() == TrackAction.INFILL;
        }
        if (!generates) {
            throw new InvalidRequestException("nothing-to-generate",
                    "the request neither regenerates, infills nor adds a track");
        }
    }
}
