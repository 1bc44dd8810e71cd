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
     * {@code done} of {@code total} samples are stored.
     *
     * @param etaSeconds estimated seconds to completion at the rate so far, or null before the first sample
     */
    record Progress(String jobId, int done, int total, Long etaSeconds) implements ProgressEvent {
    }

    record Completed(String jobId, int total) implements ProgressEvent {
    }

    record Failed(String jobId, String code, String reason, boolean retryable) implements ProgressEvent {
    }

    record Cancelled(String jobId, int done) implements ProgressEvent {
    }
}
