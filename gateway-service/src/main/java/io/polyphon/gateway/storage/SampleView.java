package io.polyphon.gateway.storage;

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
public record SampleView(String id, String jobId, int index, long seed, String pieceId, String parentSampleId,
                         int bars, int tracks, int notes, Double score, Instant storedAt) {
}
