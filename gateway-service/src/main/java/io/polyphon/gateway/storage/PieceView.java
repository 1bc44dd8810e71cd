package io.polyphon.gateway.storage;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A stored piece as clients see it: its summary (tracks, bars, measured controls) and where it came from.
 *
 * @param parentPieceId the piece this one was edited from, or null for an upload; it keeps naming that piece after
 *                      the piece is deleted (reading it is then 404)
 * @param summary       as the MIDI service wrote it, passed through; its shape is {@link PieceSummary}
 */
@Schema(name = "Piece", description = "A stored piece: an upload or an edit of one")
public record PieceView(
        @Schema(description = "The piece's id: what a job's pieceId names", example = "6f1c2d8e-0b7a-4c55-9d2e-3a1f0c9b7e42")
        String id,
        @Schema(description = "The uploaded file's name, or the name it was given; an edit takes its source's name",
                example = "song.mid") String name,
        @Schema(description = "When it was uploaded or made by an edit; tells two uploads of one file apart")
        Instant createdAt,
        @Schema(description = "The piece this one was edited from, or null for an upload; kept after that piece is "
                + "deleted", nullable = true) String parentPieceId,
        @Schema(implementation = PieceSummary.class) JsonNode summary) {
}
