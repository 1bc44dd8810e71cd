package io.polyphon.storage.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The audit trail in MongoDB ({@code audit}): append-only, one document per thing done, read newest first by the
 * admin API, kept for a while ({@link AuditRetention}). Each entry is one insert of its own, so a trail entry never waits on, or undoes, what it records.
 */
public final class AuditLog {

    public static final String KEY_CREATED = "key-created";
    public static final String KEY_USED = "key-used";
    public static final String KEY_ROTATED = "key-rotated";
    public static final String KEY_REVOKED = "key-revoked";
    public static final String JOB_CREATED = "job-created";

    // entries of one millisecond in the order written: an ObjectId grows with each one a process makes
    private static final Bson NEWEST_FIRST = Sorts.descending("at", "_id");

    private final MongoCollection<Document> audit;
    private final Clock clock;

    public AuditLog(MongoDatabase database, Clock clock) {
        this.audit = database.getCollection("audit");
        this.clock = clock;
        audit.createIndex(Indexes.descending("at"));
        audit.createIndex(Indexes.compoundIndex(Indexes.ascending("keyId"), Indexes.descending("at")));
    }

    public void record(String action, String keyId, String jobId, String detail) {
        audit.insertOne(new Document("_id", new ObjectId()).append("at", Date.from(clock.instant()))
                .append("action", action).append("keyId", keyId).append("jobId", jobId).append("detail", detail));
    }

    /** A page of the trail, newest first; only {@code keyId}'s entries where it is given. */
    public List<AuditRecord> page(String keyId, int skip, int limit) {
        return audit.find(filter(keyId)).sort(NEWEST_FIRST).skip(skip).limit(limit)
                .map(d -> new AuditRecord(d.getObjectId("_id").toHexString(), d.getDate("at").toInstant(), d.getString("action"),
                        d.getString("keyId"), d.getString("jobId"), d.getString("detail")))
                .into(new ArrayList<>());
    }

    /** Deletes the entries written before {@code instant}; returns how many. */
    public long deleteOlderThan(Instant instant) {
        return audit.deleteMany(Filters.lt("at", Date.from(instant))).getDeletedCount();
    }

    public long count(String keyId) {
        return audit.countDocuments(filter(keyId));
    }

    private static Bson filter(String keyId) {
        return keyId == null ? new Document() : Filters.eq("keyId", keyId);
    }
}
