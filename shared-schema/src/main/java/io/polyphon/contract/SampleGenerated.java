package io.polyphon.contract;

import io.polyphon.mmm.piece.Piece;

import java.time.Instant;

/**
 * Event on {@link Topics#SHARDS_GENERATED}: one sample of a job is generated, as a piece.
 *
 * @param score how natural the model found the tokens it wrote: their geometric-mean probability, 0..1; null
 *              from a producer that does not score
 */
public record SampleGenerated(String jobId, int schemaVersion, Instant occurredAt, int sampleIndex, Piece piece,
                              Double score) implements Message {

    /** An unscored sample. */
    public SampleGenerated(String jobId, int schemaVersion, Instant occurredAt, int sampleIndex, Piece piece) {
        this(jobId, schemaVersion, occurredAt, sampleIndex, piece, null);
    }
}
