package io.polyphon.gateway.storage;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A job as clients see it: state, counts, what was asked, its history and its failure.
 *
 * @param state          QUEUED, PLANNED, RUNNING, COMPLETED, FAILED or CANCELLED
 * @param done           samples stored so far
 * @param parentSampleId the sample the job varies, or null when it starts from a piece
 * @param request        the request as the client sent it (with the seed chosen)
 */
public record JobView(String id, String state, int done, int total, String pieceId, String parentSampleId, long seed,
                      JsonNode request, Instant createdAt, Instant updatedAt, List<StateChange> history,
                      Failure failure) {

    /** One entry of the job's history. */
    public record StateChange(String state, Instant at, String reason) {
    }

    /** Why a job failed: a stable code, a sentence, and whether trying again may help. */
    public record Failure(String code, String message, boolean retryable) {
    }

    public boolean isFinished() {
        return switch (state) {
            case "COMPLETED", "FAILED", "CANCELLED" -> true;
            default -> false;
        };
    }
}
