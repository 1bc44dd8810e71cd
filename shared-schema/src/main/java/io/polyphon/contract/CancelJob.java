package io.polyphon.contract;

import java.time.Instant;

/** Command on the compacted {@link Topics#JOBS_CONTROL}: stop a job; workers drop its shards between steps. */
public record CancelJob(String jobId, int schemaVersion, Instant occurredAt, String reason) implements Message {
}
