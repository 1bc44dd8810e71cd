package io.polyphon.gateway.progress;

/** The data of each server-sent event a job's stream carries; the SSE event name is the record's {@link #name()}. */
public sealed interface ProgressEvent {

    String name();

    /** The planner took the job. */
    record Accepted(String jobId, int total) implements ProgressEvent {
        public String name() {
            return "accepted";
        }
    }

    /**
     * {@code done} of {@code total} samples are stored.
     *
     * @param etaSeconds estimated seconds to completion at the rate so far, or null before the first sample
     */
    record Progress(String jobId, int done, int total, Long etaSeconds) implements ProgressEvent {
        public String name() {
            return "progress";
        }
    }

    record Completed(String jobId, int total) implements ProgressEvent {
        public String name() {
            return "completed";
        }
    }

    record Failed(String jobId, String code, String reason, boolean retryable) implements ProgressEvent {
        public String name() {
            return "failed";
        }
    }

    record Cancelled(String jobId, int done) implements ProgressEvent {
        public String name() {
            return "cancelled";
        }
    }
}
