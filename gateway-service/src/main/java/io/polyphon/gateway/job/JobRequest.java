package io.polyphon.gateway.job;

import io.polyphon.gateway.piece.PieceEdit;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.TrackRequest;

import java.util.List;

/**
 * A job as a client asks for it: a stored piece or a previous sample to start from, and what to generate.
 *
 * @param pieceId     the piece to vary; or null when {@code sampleId} is given
 * @param sampleId    a stored sample ({@code <jobId>:<index>}) to vary; it becomes the new samples' parent
 * @param count       samples to generate, 1..1000
 * @param seed        the job seed, or null for a random one; sample i is the same music for the same seed
 * @param temperature 0.5..2.0, default 1.0
 * @param tracks      per-track actions (KEEP, REGENERATE, INFILL with bars, IGNORE) and controls
 * @param newTracks   tracks to add, by program or instrument name, with controls
 * @param barsPerStep bars generated per model window (1..8), or null for the whole window
 */
public record JobRequest(String pieceId, String sampleId, Integer count, Long seed, Double temperature,
                         List<TrackRequest> tracks, List<AddedTrack> newTracks, Integer barsPerStep) {

    /** A track to add and generate whole; the instrument as in {@link PieceEdit.AddTrack}. */
    public record AddedTrack(Integer program, String instrument, Boolean drum, Controls controls, Double temperature) {

        NewTrack toNewTrack() {
            PieceEdit.AddTrack choice = new PieceEdit.AddTrack(program, instrument, drum);
            return new NewTrack(choice.resolvedProgram(), choice.isDrum(), controls, temperature);
        }
    }

    /** Checks that exactly one input is named. */
    void checkInput() {
        if ((pieceId == null) == (sampleId == null)) {
            throw new InvalidRequestException("missing-input", "a job names either a pieceId or a sampleId to start from");
        }
    }

    /** The same request with its seed chosen, as it is stored and shown. */
    JobRequest withSeed(long chosen) {
        return new JobRequest(pieceId, sampleId, count, chosen, temperature, tracks, newTracks, barsPerStep);
    }

    GenerationRequest toGenerationRequest() {
        if (count == null) {
            throw new InvalidRequestException("count-out-of-range", "count is required (1.." + GenerationRequest.MAX_COUNT + ")");
        }
        List<NewTrack> added = newTracks == null ? List.of() : newTracks.stream().map(AddedTrack::toNewTrack).toList();
        return new GenerationRequest(count, seed, temperature == null ? 1.0 : temperature, tracks, added,
                barsPerStep == null ? 0 : barsPerStep);
    }
}
