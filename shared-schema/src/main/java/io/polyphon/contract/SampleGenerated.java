package io.polyphon.contract;

import io.polyphon.mmm.piece.Piece;

import java.time.Instant;

/** Event on {@link Topics#SHARDS_GENERATED}: one sample of a job is generated, as a piece. */
public record SampleGenerated(String jobId, int schemaVersion, Instant occurredAt, int sampleIndex, Piece piece)
        implements Message {
}
