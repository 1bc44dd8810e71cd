package io.polyphon.contract;

import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;

import java.time.Instant;

/**
 * Command on a shard lane: generate samples {@code firstSample .. firstSample + sampleCount - 1} of a job. Each
 * sample's seed comes from (request seed, sample index), so a redelivered shard yields the same samples.
 *
 * @param shardIndex  this shard's number, from 0
 * @param shardCount  shards in the job
 */
public record GenerateShard(String jobId, int schemaVersion, Instant occurredAt, int shardIndex, int shardCount,
                            int firstSample, int sampleCount, Piece piece, GenerationRequest request)
        implements Message {
}
