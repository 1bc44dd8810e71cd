package io.polyphon.storage.sample;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.polyphon.contract.SampleRendered;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.Date;

/**
 * Samples in MongoDB, keyed by (job, sample index): a redelivered sample is a duplicate key, so each is stored once
 * however often it arrives. No transaction is needed, which matters on the embedded MongoDB-wire server.
 */
public final class SampleRepository {

    private final MongoCollection<Document> samples;

    public SampleRepository(MongoDatabase database) {
        this.samples = database.getCollection("samples");
    }

    /** Stores the sample unless it is already stored; true if this call stored it. */
    public boolean storeOnce(SampleRendered sample) {
        try {
            samples.insertOne(new Document("_id", id(sample.jobId(), sample.sampleIndex()))
                    .append("jobId", sample.jobId()).append("index", sample.sampleIndex())
                    .append("midi", new Binary(sample.midi())).append("bars", sample.bars())
                    .append("tracks", sample.tracks()).append("notes", sample.notes())
                    .append("storedAt", Date.from(sample.occurredAt())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) return false;
            throw e;
        }
    }

    public long count(String jobId) {
        return samples.countDocuments(Filters.eq("jobId", jobId));
    }

    /** The stored MIDI file of one sample, or null. */
    public byte[] midi(String jobId, int index) {
        Document d = samples.find(Filters.eq("_id", id(jobId, index))).first();
        return d == null ? null : d.get("midi", Binary.class).getData();
    }

    public Iterable<Document> page(String jobId, int skip, int limit) {
        return samples.find(Filters.eq("jobId", jobId)).sort(Sorts.ascending("index")).skip(skip).limit(limit);
    }

    private static String id(String jobId, int index) {
        return jobId + ":" + index;
    }
}
