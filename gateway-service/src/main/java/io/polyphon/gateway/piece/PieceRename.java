package io.polyphon.gateway.piece;

import io.polyphon.mmm.request.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A piece's new name: 1 to 200 characters once the spaces around it are trimmed (it is stored trimmed).
 *
 * @param name the new name
 */
@Schema(name = "PieceRename", description = "A piece's new name")
public record PieceRename(
        @Schema(description = "1..200 characters after trimming the spaces around it", minLength = 1, maxLength = 200,
                example = "song.mid, the slow take", requiredMode = Schema.RequiredMode.REQUIRED) String name) {

    static final int MAX_LENGTH = 200;

    public PieceRename {
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new InvalidRequestException("invalid-name", "a piece's name is 1 to " + MAX_LENGTH
                    + " characters once trimmed, not " + name.length());
        }
    }
}
