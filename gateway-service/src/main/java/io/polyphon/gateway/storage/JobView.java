package io.polyphon.gateway.storage;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(name = "Job", description = "A job: its state, how many samples are stored, what was asked")
public record JobView(
        @Schema(description = "The job's id", example = "0b6d5c4a-8f3e-4f7a-a1d2-9e8c7b6a5f43") String id,
        @Schema(description = "The job's state", allowableValues = {"QUEUED", "PLANNED", "RUNNING", "COMPLETED",
                "FAILED", "CANCELLED"}) String state,
        @Schema(description = "Samples stored so far", minimum = "0", example = "12") int done,
        @Schema(description = "Samples asked for, 1..1000", minimum = "1", maximum = "1000", example = "20") int total,
        @Schema(description = "The piece the job varies (for a job from a sample, that sample's piece)") String pieceId,
        @Schema(description = "The sample the job varies, <jobId>:<index>; null when it starts from a piece",
                nullable = true) String parentSampleId,
        @Schema(description = "The job seed; sample i is the same music for the same seed and request") long seed,
        @Schema(ref = "#/components/schemas/JobRequest",
                description = "The request as the client sent it, with the seed chosen") JsonNode request,
        Instant createdAt, Instant updatedAt,
        @ArraySchema(arraySchema = @Schema(description = "Every state the job has been in, oldest first"))
        List<StateChange> history,
        @Schema(description = "Why the job failed, or null", nullable = true) Failure failure) {

    /** One entry of the job's history. */
    @Schema(name = "JobStateChange", description = "A state the job entered, when, and why")
    public record StateChange(String state, Instant at, @Schema(nullable = true) String reason) {
    }

    /** Why a job failed: a stable code, a sentence, and whether trying again may help. */
    @Schema(name = "JobFailure", description = "Why a job failed")
    public record Failure(@Schema(description = "A stable code, such as dead-letter or not-queued") String code,
                          @Schema(description = "What went wrong, in a sentence") String message,
                          @Schema(description = "Whether the same request may succeed if sent again") boolean retryable) {
    }

    public boolean isFinished() {
        return switch (state) {
            case "COMPLETED", "FAILED", "CANCELLED" -> true;
            default -> false;
        };
    }
}
