package io.polyphon.storage.job;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Jobs in MongoDB, one document each. A change reads the job, applies one guarded step of the state machine and
 * writes it back only if nobody wrote in between (the version is in the update filter); on a conflict it reads
 * again. MongoDB exceptions stay below this class.
 */
public final class JobRepository {

    private static final int ATTEMPTS = 200;
    private static final Bson NEWEST_FIRST = Sorts.descending("createdAt", "_id");

    private final MongoCollection<Document> jobs;
    private final Consumer<Change> changes;

    public JobRepository(MongoDatabase database) {
        this(database, change -> { });
    }

    /** @param changes hears every job written: a new one (with no {@code before}) and every change that changed it */
    public JobRepository(MongoDatabase database, Consumer<Change> changes) {
        this.changes = changes;
        this.jobs = database.getCollection("jobs");
        // the list (owner, newest first) and the quota's read (owner, unfinished) each from an index on MongoDB; the
        // embedded server ignores both and scans job documents, which are small (no piece, no samples)
        jobs.createIndex(Indexes.compoundIndex(Indexes.ascending("ownerKeyId"), Indexes.descending("createdAt", "_id")));
        jobs.createIndex(Indexes.ascending("ownerKeyId", "state"));
        // One field, present only when the owner gave a key, under a sparse unique index: a partial index on
        // (ownerKeyId, idempotencyKey) would say the same, but the embedded MongoDB-wire server ignores partial filters.
        jobs.createIndex(Indexes.ascending("idempotency"), new IndexOptions().unique(true).sparse(true));
    }

    public void create(Job job) {
        jobs.insertOne(toDocument(job));
        changes.accept(new Change(null, job));
    }

    /** The job that a create stored, or the owner's earlier job of the same idempotency key; {@code fresh} if new. */
    public record Created(Job job, boolean fresh) {
    }

    /**
     * Creates the job unless its owner already has one of the same idempotency key, which is then returned. Two
     * concurrent creates are settled by the unique index: the loser reads the winner's job.
     */
    public Created createOnce(Job job) {
        try {
            create(job);
            return new Created(job, true);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || job.origin().idempotencyKey() == null) throw e;
            Document earlier = jobs.find(Filters.eq("idempotency", idempotency(job))).first();
            if (earlier == null) throw e;
            return new Created(fromDocument(earlier), false);
        }
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.find(Filters.eq("_id", id)).first()).map(JobRepository::fromDocument);
    }

    /** The job if {@code owner} owns it: another owner's job is as absent as a missing one. */
    public Optional<Job> findOwned(String id, String owner) {
        return find(id).filter(job -> job.ownerKeyId().equals(owner));
    }

    /** The owner's jobs, newest first. */
    public List<Job> page(String owner, int skip, int limit) {
        List<Job> page = new ArrayList<>();
        for (Document d : jobs.find(Filters.eq("ownerKeyId", owner)).sort(NEWEST_FIRST).skip(skip).limit(limit)) {
            page.add(fromDocument(d));
        }
        return page;
    }

    public long count(String owner) {
        return jobs.countDocuments(Filters.eq("ownerKeyId", owner));
    }

    /** The ids of every job not yet completed, failed or cancelled. */
    public List<String> unfinishedIds() {
        List<String> unfinished = Arrays.stream(JobState.values()).filter(s -> !s.isFinal()).map(Enum::name).toList();
        return jobs.find(Filters.in("state", unfinished)).projection(new Document("_id", 1))
                .map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    /** What an owner's unfinished jobs still have to generate: its share of the pipeline right now. */
    public record Usage(int activeJobs, long pendingSamples) {
    }

    public Usage usage(String owner) {
        List<String> unfinished = Arrays.stream(JobState.values()).filter(s -> !s.isFinal()).map(Enum::name).toList();
        int active = 0;
        long pending = 0;
        for (Document d : jobs.find(Filters.and(Filters.eq("ownerKeyId", owner), Filters.in("state", unfinished)))
                .projection(Projections.include("total", "done"))) {
            active++;
            pending += d.getInteger("total") - d.getInteger("done");
        }
        return new Usage(active, pending);
    }

    /** A job before and after one applied change; the same job twice if the change changed nothing. */
    public record Change(Job before, Job after) {

        /** Whether this change, and not an earlier one, moved the job into {@code state} (a new job enters QUEUED). */
        public boolean entered(JobState state) {
            return (before == null || before.state() != state) && after.state() == state;
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
            if (result.getModifiedCount() == 1) {
                Change applied = new Change(current, next);
                changes.accept(applied);
                return applied;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("job " + id + " kept changing under " + ATTEMPTS + " attempts to update it");
    }

    /** The owner's job created under this idempotency key, if any. */
    public Optional<Job> findByIdempotencyKey(String owner, String key) {
        return Optional.ofNullable(jobs.find(Filters.eq("idempotency", idempotency(owner, key))).first())
                .map(JobRepository::fromDocument);
    }

    private static Document idempotency(Job job) {
        return idempotency(job.ownerKeyId(), job.origin().idempotencyKey());
    }

    private static Document idempotency(String owner, String key) {
        return new Document("ownerKeyId", owner).append("key", key);
    }

    private static Document toDocument(Job job) {
        List<Document> history = new ArrayList<>();
        for (Job.StateChange change : job.history()) {
            history.add(new Document("state", change.state().name()).append("at", Date.from(change.at()))
                    .append("reason", change.reason()));
        }
        Document failure = job.failure() == null ? null : new Document("code", job.failure().code())
                .append("message", job.failure().message()).append("retryable", job.failure().retryable());
        Job.Origin origin = job.origin();
        Document d = new Document("_id", job.id()).append("ownerKeyId", job.ownerKeyId())
                .append("pieceId", origin.pieceId()).append("parentSampleId", origin.parentSampleId())
                .append("seed", origin.seed())
                .append("request", origin.request() == null ? null : new Document(origin.request()))
                .append("idempotencyKey", origin.idempotencyKey())
                .append("state", job.state().name()).append("done", job.done()).append("total", job.total())
                .append("history", history).append("failure", failure)
                .append("createdAt", Date.from(job.createdAt())).append("updatedAt", Date.from(job.updatedAt()))
                .append("version", job.version());
        if (origin.idempotencyKey() != null) d.append("idempotency", idempotency(job));
        return d;
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
        Number seed = d.get("seed", Number.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> request = d.get("request", Map.class);
        Job.Origin origin = new Job.Origin(d.getString("pieceId"), d.getString("parentSampleId"),
                seed == null ? 0 : seed.longValue(), request, d.getString("idempotencyKey"));
        // jobs stored before createdAt/updatedAt were kept take them from their history
        Instant createdAt = d.containsKey("createdAt") ? d.getDate("createdAt").toInstant() : history.get(0).at();
        Instant updatedAt = d.containsKey("updatedAt") ? d.getDate("updatedAt").toInstant()
                : history.get(history.size() - 1).at();
        return new Job(d.getString("_id"), d.getString("ownerKeyId"), origin, JobState.valueOf(d.getString("state")),
                d.getInteger("done"), d.getInteger("total"), history, failure, createdAt, updatedAt,
                d.getLong("version"));
    }
}
