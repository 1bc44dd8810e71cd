package io.polyphon.gateway.storage;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A stored piece as clients see it: its summary (tracks, bars, measured controls) and where it came from.
 *
 * @param parentPieceId the piece this one was edited from, or null for an upload
 */
public record PieceView(String id, String name, Instant createdAt, String parentPieceId, JsonNode summary) {
}
