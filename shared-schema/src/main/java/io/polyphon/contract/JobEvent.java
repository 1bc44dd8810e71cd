package io.polyphon.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * Events on {@link Topics#JOBS_PROGRESS} (and the planner's verdicts on {@link Topics#JOBS_PLANNED}), told apart in
 * JSON by their {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobEvent.JobAccepted.class, name = "accepted"),
        @JsonSubTypes.Type(value = JobEvent.JobProgressed.class, name = "progressed"),
        @JsonSubTypes.Type(value = JobEvent.JobCompleted.class, name = "completed"),
        @JsonSubTypes.Type(value = JobEvent.JobFailed.class, name = "failed"),
        @JsonSubTypes.Type(value = JobEvent.JobCancelled.class, name = "cancelled")})
public sealed interface JobEvent extends Message {

    /** The job is planned: {@code total} samples in {@code shards} shards on {@code lane}. */
    record JobAccepted(String jobId, int schemaVersion, Instant occurredAt, int total, int shards, Lane lane)
            implements JobEvent {
    }

    /**
     * {@code done} of {@code total} samples are stored.
     *
     * @param work the share of the job's work done, 0..1: stored samples plus the finished steps of samples still
     *             being generated, over {@code total}; never less than done / total, never lower than an earlier
     *             report of the same job. Null from a producer that does not know it (a consumer takes done / total)
     */
    record JobProgressed(String jobId, int schemaVersion, Instant occurredAt, int done, int total, Double work)
            implements JobEvent {

        /** A report that knows only the stored samples. */
        public JobProgressed(String jobId, int schemaVersion, Instant occurredAt, int done, int total) {
            this(jobId, schemaVersion, occurredAt, done, total, null);
        }
    }

    /** Every sample is stored. */
    record JobCompleted(String jobId, int schemaVersion, Instant occurredAt, int total) implements JobEvent {
    }

    /** The job stopped on an error, kept as data: a stable code, a sentence, and whether a retry may help. */
    record JobFailed(String jobId, int schemaVersion, Instant occurredAt, String code, String reason, boolean retryable)
            implements JobEvent {
    }

    /** The job was cancelled; {@code done} samples were stored before it stopped. */
    record JobCancelled(String jobId, int schemaVersion, Instant occurredAt, int done) implements JobEvent {
    }
}
