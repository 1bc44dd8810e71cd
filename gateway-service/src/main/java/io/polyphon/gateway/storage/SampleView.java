package io.polyphon.gateway.storage;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One generated sample: where it sits in its job, its lineage and its size.
 *
 * @param id             {@code <jobId>:<index>}, what a new job names to vary this sample
 * @param seed           the job seed; the sample's generator is seeded from (seed, index)
 * @param parentSampleId the sample its job varied, or null
 * @param score          how natural the model found what it wrote: the geometric-mean probability of its tokens,
 *                       0..1 (null for an unscored sample); {@code sort=score} lists the highest first
 */
@Schema(name = "Sample", description = "One generated sample: where it sits in its job, its lineage and its size")
public record SampleView(
        @Schema(description = "<jobId>:<index>: what a new job's sampleId names to vary it",
                example = "0b6d5c4a-8f3e-4f7a-a1d2-9e8c7b6a5f43:0") String id,
        String jobId,
        @Schema(description = "The sample's number in its job, from 0", minimum = "0") int index,
        @Schema(description = "The job seed; the sample's generator is seeded from (seed, index)") long seed,
        @Schema(description = "The piece its job varied") String pieceId,
        @Schema(description = "The sample its job varied, or null", nullable = true) String parentSampleId,
        @Schema(description = "Bars in the sample", minimum = "1") int bars,
        @Schema(description = "Tracks in the sample", minimum = "1") int tracks,
        @Schema(description = "Notes in the sample", minimum = "0") int notes,
        @Schema(description = "How natural the model found it: the geometric-mean probability of its tokens, 0..1; "
                + "null when unscored", minimum = "0", maximum = "1", nullable = true) Double score,
        @Schema(description = "When it was stored") Instant storedAt) {
}
