package io.polyphon.storage.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a job is, with the one table of moves allowed between states. Samples can be stored before the planner's
 * event arrives (topics are not ordered against each other), so a queued job may start running directly.
 */
public enum JobState {
    /** Accepted by the gateway, not yet planned into shards. */
    QUEUED,
    /** Planned: its shards are on a lane. */
    PLANNED,
    /** At least one sample is stored. */
    RUNNING,
    /** Every sample is stored. */
    COMPLETED,
    /** Stopped on an error, kept with the job as data. */
    FAILED,
    /** Stopped by its owner; no further samples are stored. */
    CANCELLED;

    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(PLANNED, RUNNING, FAILED, CANCELLED),
            PLANNED, EnumSet.of(RUNNING, COMPLETED, FAILED, CANCELLED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED),
            COMPLETED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class));

    public boolean canMoveTo(JobState next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isFinal() {
        return ALLOWED.get(this).isEmpty();
    }
}
