package io.polyphon.gateway.progress;

import java.util.Locale;

/** The data of each server-sent event a job's stream carries; the SSE event name is the record's {@link #name()}. */
public sealed interface ProgressEvent {

    /** "accepted", "progress", ...: the record's name in lower case. */
    default String name() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** The planner took the job. */
    record Accepted(String jobId, int total) implements ProgressEvent {
    }

    /**
     * {@code done} of {@code total} samples are stored, and {@code work} of the job's work is done.
     *
     * @param work       the share of the job's work done, 0..1 in thousandths: stored samples plus the finished steps
     *                   of samples still being generated; never lower within a stream, and below 1 until every
     *                   sample is stored
     * @param etaSeconds estimated seconds to completion at the rate of work so far, or null before any work is done
     */
    record Progress(String jobId, int done, int total, double work, Long etaSeconds) implements ProgressEvent {
    }

    record Completed(String jobId, int total) implements ProgressEvent {
    }

    record Failed(String jobId, String code, String reason, boolean retryable) implements ProgressEvent {
    }

    record Cancelled(String jobId, int done) implements ProgressEvent {
    }
}
