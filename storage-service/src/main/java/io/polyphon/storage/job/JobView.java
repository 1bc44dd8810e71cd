package io.polyphon.storage.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A job as the gateway reads it; never the database document itself. {@code state} is a {@link JobState} name. */
public record JobView(String id, String state, int done, int total, String pieceId, String parentSampleId, long seed,
                      Map<String, Object> request, Instant createdAt, Instant updatedAt, List<Job.StateChange> history,
                      Job.Failure failure) {

    public static JobView of(Job job) {
        Job.Origin origin = job.origin();
        return new JobView(job.id(), job.state().name(), job.done(), job.total(), origin.pieceId(),
                origin.parentSampleId(), origin.seed(), origin.request(), job.createdAt(), job.updatedAt(),
                job.history(), job.failure());
    }
}
