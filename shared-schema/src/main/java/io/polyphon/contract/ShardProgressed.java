package io.polyphon.contract;

import java.time.Instant;

/**
 * Event on {@link Topics#SHARDS_PROGRESS}: how far a worker is with the batch it is running of a shard, samples
 * {@code firstSample .. firstSample + sampleCount - 1}. Advisory and fire-and-forget: sent at most about twice a
 * second per shard and never after the batch's last step (its samples say that), so a lost one only holds a
 * progress bar back. A sample of a long piece takes several steps (model windows); each sample of the batch finishing
 * one step counts one sample-step.
 *
 * @param shardIndex  the shard's number, from 0
 * @param firstSample the first sample of the running batch
 * @param sampleCount samples in the running batch
 * @param stepsDone   sample-steps of the batch finished, 0..stepsTotal
 * @param stepsTotal  sample-steps the batch runs: samples × steps
 */
public record ShardProgressed(String jobId, int schemaVersion, Instant occurredAt, int shardIndex, int firstSample,
                              int sampleCount, int stepsDone, int stepsTotal) implements Message {

    /** The share of the batch's work done, 0..1. */
    public double fractionDone() {
        return stepsTotal <= 0 ? 0 : Math.min(1, Math.max(0, (double) stepsDone / stepsTotal));
    }
}
