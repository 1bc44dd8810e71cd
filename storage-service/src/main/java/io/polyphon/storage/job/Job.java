package io.polyphon.storage.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as storage keeps it: what it was asked for, its state, counts, an append-only history of its states, and its
 * failure as data. Every change returns a new job with {@code version + 1}; writers put the version they read in the
 * update filter.
 *
 * @param origin    what the job was asked for, fixed at creation
 * @param done      samples stored so far
 * @param total     samples asked for
 * @param failure   why it failed, or null
 * @param updatedAt when anything about it last changed
 */
public record Job(String id, String ownerKeyId, Origin origin, JobState state, int done, int total,
                  List<StateChange> history, Failure failure, Instant createdAt, Instant updatedAt, long version) {

    /** One entry of the history: the state entered, when, and why. */
    public record StateChange(JobState state, Instant at, String reason) {
    }

    /** A failure kept as data: a stable code, a sentence, and whether trying again may help. */
    public record Failure(String code, String message, boolean retryable) {
    }

    /**
     * What a job was asked for, fixed when it is created; its samples carry the lineage fields too.
     *
     * @param pieceId        the piece it varies, or null
     * @param parentSampleId the sample it varies ({@code <jobId>:<index>}), or null
     * @param seed           the job's seed; each sample's generator is seeded from it and the sample's index
     * @param request        the generation request as the gateway gave it (a JSON object), or null
     * @param idempotencyKey the owner's key that makes retrying the create safe, or null
     */
    public record Origin(String pieceId, String parentSampleId, long seed, Map<String, Object> request,
                         String idempotencyKey) {

        /** A job asked for nothing in particular, as the stack tests create them. */
        public static final Origin NONE = new Origin(null, null, 0, null, null);

        public Origin {
            // JSON objects may hold nulls, which Map.copyOf refuses
            request = request == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(request));
        }
    }

    public Job {
        history = List.copyOf(history);
        if (total < 1 || done < 0 || done > total) throw new IllegalArgumentException("bad counts " + done + "/" + total);
    }

    public static Job queued(String id, String ownerKeyId, int total, Instant at) {
        return queued(id, ownerKeyId, Origin.NONE, total, at);
    }

    public static Job queued(String id, String ownerKeyId, Origin origin, int total, Instant at) {
        return new Job(id, ownerKeyId, origin, JobState.QUEUED, 0, total,
                List.of(new StateChange(JobState.QUEUED, at, "accepted")), null, at, at, 0);
    }

    /** The one guarded way to change state. */
    public Job moveTo(JobState next, Instant at, String reason) {
        if (!state.canMoveTo(next)) throw new IllegalJobTransitionException(state, next);
        List<StateChange> changes = new ArrayList<>(history);
        changes.add(new StateChange(next, at, reason));
        return new Job(id, ownerKeyId, origin, next, done, total, changes, failure, createdAt, at, version + 1);
    }

    /**
     * The job with a history entry that says it was interrupted, in the state it is in: not a move (the job goes on
     * from where it was), but a mark that it did not run undisturbed.
     */
    public Job interrupted(Instant at, String reason) {
        if (state.isFinal()) return this;
        List<StateChange> changes = new ArrayList<>(history);
        changes.add(new StateChange(state, at, reason));
        return new Job(id, ownerKeyId, origin, state, done, total, changes, failure, createdAt, at, version + 1);
    }

    public Job fail(Failure why, Instant at) {
        Job failed = moveTo(JobState.FAILED, at, why.message());
        return new Job(id, ownerKeyId, origin, failed.state(), done, total, failed.history(), why, createdAt, at,
                failed.version());
    }

    /**
     * The job with {@code stored} samples counted: running from the first, completed at the last. The count never
     * goes down; {@code SampleStoring} says where it comes from.
     */
    public Job samplesStored(int stored, Instant at) {
        if (state.isFinal()) throw new IllegalJobTransitionException(state, JobState.RUNNING);
        if (stored <= done) return this;
        Job counted = new Job(id, ownerKeyId, origin, state, Math.min(stored, total), total, history, failure,
                createdAt, at, version + 1);
        if (state != JobState.RUNNING) counted = counted.moveTo(JobState.RUNNING, at, "first sample stored");
        return counted.done() == total ? counted.moveTo(JobState.COMPLETED, at, "all samples stored") : counted;
    }
}
