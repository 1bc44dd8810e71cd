package io.polyphon.storage.piece;

import java.time.Instant;
import java.util.Map;

/**
 * A stored piece as a list shows it, without its notes or MIDI file.
 *
 * @param parentPieceId the piece it was edited from, or null for an upload
 * @param summary       what midi-service found in it (tracks, bars, ...), as given
 */
public record PieceView(String id, String ownerKeyId, String name, Instant createdAt, String parentPieceId,
                        Map<String, Object> summary) {
}
