package io.polyphon.storage.sample;

import java.time.Instant;

/**
 * A stored sample as the gateway reads it, without its MIDI file; its lineage (piece, parent sample, seed) is copied
 * from its job when it is stored.
 *
 * @param id    {@code <jobId>:<index>}
 * @param seed  the seed of its job; with {@code index} it fixes the sample's notes
 * @param score how natural the model found what it wrote, 0..1 (geometric-mean token probability); null if unscored
 */
public record SampleView(String id, String jobId, int index, long seed, String pieceId, String parentSampleId,
                         int bars, int tracks, int notes, Double score, Instant storedAt) {
}
