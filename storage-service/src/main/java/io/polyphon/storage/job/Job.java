package io.polyphon.storage.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job as storage keeps it: its state, counts, an append-only history of its states, and its failure as data.
 * Every change returns a new job with {@code version + 1}; writers put the version they read in the update filter.
 *
 * @param done    samples stored so far
 * @param total   samples asked for
 * @param failure why it failed, or null
 */
public record Job(String id, String ownerKeyId, JobState state, int done, int total, List<StateChange> history,
                  Failure failure, long version) {

    /** One entry of the history: the state entered, when, and why. */
    public record StateChange(JobState state, Instant at, String reason) {
    }

    /** A failure kept as data: a stable code, a sentence, and whether trying again may help. */
    public record Failure(String code, String message, boolean retryable) {
    }

    public Job {
        history = List.copyOf(history);
        if (total < 1 || done < 0 || done > total) throw new IllegalArgumentException("bad counts " + done + "/" + total);
    }

    public static Job queued(String id, String ownerKeyId, int total, Instant at) {
        return new Job(id, ownerKeyId, JobState.QUEUED, 0, total,
                List.of(new StateChange(JobState.QUEUED, at, "accepted")), null, 0);
    }

    /** The one guarded way to change state. */
    public Job moveTo(JobState next, Instant at, String reason) {
        if (!state.canMoveTo(next)) throw new IllegalJobTransitionException(state, next);
        List<StateChange> changes = new ArrayList<>(history);
        changes.add(new StateChange(next, at, reason));
        return new Job(id, ownerKeyId, next, done, total, changes, failure, version + 1);
    }

    public Job fail(Failure why, Instant at) {
        Job failed = moveTo(JobState.FAILED, at, why.message());
        return new Job(id, ownerKeyId, failed.state(), done, total, failed.history(), why, failed.version());
    }

    /**
     * The job with {@code stored} samples counted: running from the first, completed at the last. The count is what
     * the samples collection holds, so it never goes down and a redelivery cannot count a sample twice.
     */
    public Job samplesStored(int stored, Instant at) {
        if (state.isFinal()) throw new IllegalJobTransitionException(state, JobState.RUNNING);
        if (stored <= done) return this;
        Job counted = new Job(id, ownerKeyId, state, Math.min(stored, total), total, history, failure, version + 1);
        if (state != JobState.RUNNING) counted = counted.moveTo(JobState.RUNNING, at, "first sample stored");
        return counted.done() == total ? counted.moveTo(JobState.COMPLETED, at, "all samples stored") : counted;
    }
}
