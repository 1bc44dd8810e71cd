package io.polyphon.storage.job;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Jobs in MongoDB, one document each. A change reads the job, applies one guarded step of the state machine and
 * writes it back only if nobody wrote in between (the version is in the update filter); on a conflict it reads
 * again. MongoDB exceptions stay below this class.
 */
public final class JobRepository {

    private static final int ATTEMPTS = 200;

    private final MongoCollection<Document> jobs;

    public JobRepository(MongoDatabase database) {
        this.jobs = database.getCollection("jobs");
    }

    public void create(Job job) {
        jobs.insertOne(toDocument(job));
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.find(Filters.eq("_id", id)).first()).map(JobRepository::fromDocument);
    }

    /** A job before and after one applied change; the same job twice if the change changed nothing. */
    public record Change(Job before, Job after) {

        /** Whether this change, and not an earlier one, moved the job into {@code state}. */
        public boolean entered(JobState state) {
            return before.state() != state && after.state() == state;
        }
    }

    /** Applies {@code change} to the stored job, retrying on concurrent writes, and says what it did. */
    public Change update(String id, UnaryOperator<Job> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Job current = find(id).orElseThrow(() -> new IllegalArgumentException("no job " + id));
            Job next = change.apply(current);
            if (next == current) return new Change(current, current);
            var result = jobs.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", current.version())),
                    toDocument(next));
            if (result.getModifiedCount() == 1) return new Change(current, next);
            Thread.onSpinWait();
        }
        throw new IllegalStateException("job " + id + " kept changing under " + ATTEMPTS + " attempts to update it");
    }

    private static Document toDocument(Job job) {
        List<Document> history = new ArrayList<>();
        for (Job.StateChange change : job.history()) {
            history.add(new Document("state", change.state().name()).append("at", java.util.Date.from(change.at()))
                    .append("reason", change.reason()));
        }
        Document failure = job.failure() == null ? null : new Document("code", job.failure().code())
                .append("message", job.failure().message()).append("retryable", job.failure().retryable());
        return new Document("_id", job.id()).append("ownerKeyId", job.ownerKeyId()).append("state", job.state().name())
                .append("done", job.done()).append("total", job.total()).append("history", history)
                .append("failure", failure).append("version", job.version());
    }

    private static Job fromDocument(Document d) {
        List<Job.StateChange> history = new ArrayList<>();
        for (Document change : d.getList("history", Document.class)) {
            history.add(new Job.StateChange(JobState.valueOf(change.getString("state")),
                    change.getDate("at").toInstant(), change.getString("reason")));
        }
        Document f = d.get("failure", Document.class);
        Job.Failure failure = f == null ? null
                : new Job.Failure(f.getString("code"), f.getString("message"), f.getBoolean("retryable"));
        return new Job(d.getString("_id"), d.getString("ownerKeyId"), JobState.valueOf(d.getString("state")),
                d.getInteger("done"), d.getInteger("total"), history, failure, d.getLong("version"));
    }
}
