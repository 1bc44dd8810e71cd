package io.polyphon.gateway.job;

import io.polyphon.gateway.piece.PieceEdit;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.mmm.request.NewTrack;
import io.polyphon.mmm.request.TrackRequest;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

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
 * @param barsPerStep bars generated per model window (1..8; 8 for the whole window in one step), or null for half the window
 */
@Schema(name = "JobRequest", description = "What to generate: a piece or a sample to start from, how many "
        + "variations, and what to do with each track")
public record JobRequest(
        @Schema(description = "The piece to vary; give this or sampleId, not both", nullable = true)
        String pieceId,
        @Schema(description = "A stored sample to vary, <jobId>:<index>; it becomes the new samples' parent. Give "
                + "this or pieceId, not both", nullable = true, example = "0b6d5c4a-8f3e-4f7a-a1d2-9e8c7b6a5f43:0")
        String sampleId,
        @Schema(description = "Samples to generate, 1..1000", minimum = "1", maximum = "1000",
                requiredMode = Schema.RequiredMode.REQUIRED, example = "20") Integer count,
        @Schema(description = "The job seed; sample i is the same music for the same seed and request. Absent for "
                + "a random one (the job shows the seed chosen)", minimum = "0", nullable = true, example = "7")
        Long seed,
        @Schema(description = "Sampling temperature for tracks that set none, 0.5..2.0; 1.0 if absent", minimum = "0.5",
                maximum = "2.0", nullable = true) Double temperature,
        @ArraySchema(arraySchema = @Schema(description = "What to do with existing tracks, each named once; tracks "
                + "not named are kept as context"))
        List<TrackRequest> tracks,
        @ArraySchema(arraySchema = @Schema(description = "Tracks to add and generate whole"))
        List<AddedTrack> newTracks,
        @Schema(description = "Bars generated per model window, 1..8; absent (or 0) for half the window, so every "
                + "generated bar hears the music on both sides; 8 (or the model's window) for the whole window in one "
                + "step: faster, but an infilled bar hears nothing of its own track",
                minimum = "0", maximum = "8", nullable = true) Integer barsPerStep) {

    public JobRequest {
        tracks = tracks == null ? null : GenerationRequest.entries("tracks", tracks);
        newTracks = newTracks == null ? null : GenerationRequest.entries("newTracks", newTracks);
    }

    /** A track to add and generate whole; the instrument as in {@link PieceEdit.AddTrack}. */
    @Schema(name = "NewTrack", description = "A track to add and generate whole: a program, an instrument name, or "
            + "a drum kit")
    public record AddedTrack(
            @Schema(description = "General MIDI program 0..127; or give instrument", minimum = "0", maximum = "127",
                    nullable = true, example = "40") Integer program,
            @Schema(description = "A General MIDI instrument name; or give program", nullable = true,
                    example = "Violin") String instrument,
            @Schema(description = "True for a drum track (program then defaults to 0, the standard kit)",
                    nullable = true) Boolean drum,
            @Schema(description = "Attribute controls for the new track; absent means the model chooses",
                    nullable = true) Controls controls,
            @Schema(description = "This track's sampling temperature, 0.5..2.0; absent for the request's",
                    minimum = "0.5", maximum = "2.0", nullable = true) Double temperature) {

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
