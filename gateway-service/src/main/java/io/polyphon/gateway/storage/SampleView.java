package io.polyphon.gateway.storage;

import java.time.Instant;

/**
 * One generated sample: where it sits in its job, its lineage and its size.
 *
 * @param id             {@code <jobId>:<index>}, what a new job names to vary this sample
 * @param seed           the job seed; the sample's generator is seeded from (seed, index)
 * @param parentSampleId the sample its job varied, or null
 * @param score          a rating, or null while unrated
 */
public record SampleView(String id, String jobId, int index, long seed, String pieceId, String parentSampleId,
                         int bars, int tracks, int notes, Double score, Instant storedAt) {
}
