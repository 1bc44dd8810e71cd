package io.polyphon.gateway.piece;

import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.mmm.vocab.Instruments;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * Tracks to drop and tracks to add, making a new piece from a stored one.
 *
 * @param dropTracks track numbers, from 1
 * @param addTracks  new empty tracks, appended after the kept ones
 */
@Schema(name = "PieceEdit", description = "Tracks to drop and tracks to add; at least one of the two")
public record PieceEdit(
        @ArraySchema(arraySchema = @Schema(description = "Track numbers to drop, from 1"),
                schema = @Schema(minimum = "1", example = "3")) List<Integer> dropTracks,
        @ArraySchema(arraySchema = @Schema(description = "New empty tracks, appended after the kept ones"))
        List<AddTrack> addTracks) {

    public PieceEdit {
        dropTracks = GenerationRequest.entries("dropTracks", dropTracks);
        addTracks = GenerationRequest.entries("addTracks", addTracks);
        if (dropTracks.isEmpty() && addTracks.isEmpty()) {
            throw new InvalidRequestException("empty-edit", "the edit neither drops nor adds a track");
        }
    }

    /**
     * A track to add, by General MIDI program or instrument name ("Acoustic Bass"), or a drum kit.
     *
     * @param program    0..127; or null when {@code instrument} names it
     * @param instrument a General MIDI instrument name; or null when {@code program} is given
     * @param drum       true for a drum track (program then defaults to 0, the standard kit)
     */
    @Schema(name = "AddTrack", description = "A new empty track: a program, an instrument name, or a drum kit")
    public record AddTrack(
            @Schema(description = "General MIDI program 0..127; or give instrument", minimum = "0", maximum = "127",
                    nullable = true) Integer program,
            @Schema(description = "A General MIDI instrument name; or give program", nullable = true,
                    example = "Violin") String instrument,
            @Schema(description = "True for a drum track (program then defaults to 0, the standard kit)",
                    nullable = true) Boolean drum) {

        public int resolvedProgram() {
            if (program != null) return program;
            if (instrument != null) {
                int named = Instruments.programNamed(instrument);
                if (named < 0) {
                    throw new InvalidRequestException("unknown-instrument",
                            "'" + instrument + "' is not a General MIDI instrument name");
                }
                return named;
            }
            if (isDrum()) return 0;
            throw new InvalidRequestException("unknown-instrument", "a new track needs a program or an instrument name");
        }

        public boolean isDrum() {
            return Boolean.TRUE.equals(drum);
        }
    }
}
