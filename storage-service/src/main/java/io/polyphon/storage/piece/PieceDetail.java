package io.polyphon.storage.piece;

import io.polyphon.mmm.piece.Piece;

import java.time.Instant;
import java.util.Map;

/** A stored piece with its notes: {@link PieceView} plus the {@link Piece} itself. */
public record PieceDetail(String id, String ownerKeyId, String name, Instant createdAt, String parentPieceId,
                          Map<String, Object> summary, Piece piece) {
}
