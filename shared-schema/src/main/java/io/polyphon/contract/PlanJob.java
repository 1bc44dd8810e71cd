package io.polyphon.contract;

import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;

import java.time.Instant;

/**
 * Command on {@link Topics#JOBS_REQUESTED}: plan a job into shards.
 *
 * @param ownerKeyId    the API key the job belongs to (its id, never the secret)
 * @param pieceId       the stored piece the job starts from
 * @param parentSampleId the stored sample the job starts from, when it varies a sample; else null
 * @param piece         the normalized piece, so the planner needs no read-back
 * @param request       what to generate
 */
public record PlanJob(String jobId, int schemaVersion, Instant occurredAt, String ownerKeyId, String pieceId,
                      String parentSampleId, Piece piece, GenerationRequest request) implements Message {
}
