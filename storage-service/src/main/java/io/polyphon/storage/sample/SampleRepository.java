package io.polyphon.storage.sample;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.polyphon.contract.SampleRendered;
import io.polyphon.storage.job.Job;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Samples in MongoDB, keyed by (job, sample index): a redelivered sample is a duplicate key, so each is stored once
 * however often it arrives. No transaction is needed, which matters on the embedded MongoDB-wire server. The MIDI
 * files live in {@code sampleFiles} under the sample's {@code _id}, so that a page of samples reads small documents
 * only (the embedded server scans what it lists; MongoDB serves it from the (job, index) and (job, score) indexes)
 * and a download reads one file by its id.
 */
public final class SampleRepository {

    /** Everything but the MIDI file of a sample stored before the files had a collection of their own. */
    private static final Bson WITHOUT_MIDI = Projections.exclude("midi");

    private final MongoCollection<Document> samples;
    private final MongoCollection<Document> files;

    public SampleRepository(MongoDatabase database) {
        this.samples = database.getCollection("samples");
        this.files = database.getCollection("sampleFiles");
        samples.createIndex(Indexes.ascending("jobId", "index"));
        samples.createIndex(Indexes.compoundIndex(Indexes.ascending("jobId"), Indexes.descending("score"),
                Indexes.ascending("index")));
    }

    /** A sample's index and MIDI file, for downloads. */
    public record Midi(int index, byte[] file) {
    }

    /**
     * Stores the sample of {@code job} unless it is already stored; true if this call stored it. The job's lineage
     * goes with it, so a sample says where it came from without its job.
     */
    public boolean storeOnce(SampleRendered sample, Job job) {
        Job.Origin origin = job.origin();
        String id = SampleId.of(sample.jobId(), sample.sampleIndex());
        try {
            // the file first, so a stored sample always has one; a redelivery finds it there already
            files.insertOne(new Document("_id", id).append("midi", new Binary(sample.midi())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) throw e;
        }
        try {
            samples.insertOne(new Document("_id", id)
                    .append("jobId", sample.jobId()).append("index", sample.sampleIndex())
                    .append("seed", origin.seed()).append("pieceId", origin.pieceId())
                    .append("parentSampleId", origin.parentSampleId())
                    .append("bars", sample.bars())
                    .append("tracks", sample.tracks()).append("notes", sample.notes())
                    .append("score", sample.score())
                    .append("storedAt", Date.from(sample.occurredAt())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) return false;
            throw e;
        }
    }

    /** Removes one sample: only for taking back a write that lost the race with its job's cancel. */
    public void delete(String jobId, int index) {
        samples.deleteOne(Filters.eq("_id", SampleId.of(jobId, index)));
        files.deleteOne(Filters.eq("_id", SampleId.of(jobId, index)));
    }

    /** How many of the job's samples {@code from .. to - 1} are stored. */
    public long countBetween(String jobId, int from, int to) {
        return samples.countDocuments(Filters.and(Filters.eq("jobId", jobId), Filters.gte("index", from), Filters.lt("index", to)));
    }

    public long count(String jobId) {
        return samples.countDocuments(Filters.eq("jobId", jobId));
    }

    /** The stored MIDI file of one sample, or null. */
    public byte[] midi(String jobId, int index) {
        String id = SampleId.of(jobId, index);
        // a stored sample's file, not an orphan file whose sample was taken back
        Document sample = samples.find(Filters.eq("_id", id)).projection(Projections.include("midi")).first();
        if (sample == null) return null;
        if (sample.get("midi") instanceof Binary stored) return stored.getData();
        Document file = files.find(Filters.eq("_id", id)).first();
        return file == null ? null : file.get("midi", Binary.class).getData();
    }

    /** Up to {@code limit} MIDI files of the job with an index above {@code afterIndex}, by index. */
    public List<Midi> midiAfter(String jobId, int afterIndex, int limit) {
        List<Document> stored = new ArrayList<>();
        for (Document d : samples.find(Filters.and(Filters.eq("jobId", jobId), Filters.gt("index", afterIndex)))
                .projection(Projections.include("index", "midi")).sort(Sorts.ascending("index")).limit(limit)) {
            stored.add(d);
        }
        // the files of the batch in one query by _id, which both servers answer from the unique index
        Map<String, byte[]> byId = new HashMap<>();
        for (Document f : files.find(Filters.in("_id", stored.stream().map(d -> d.getString("_id")).toList()))) {
            byId.put(f.getString("_id"), f.get("midi", Binary.class).getData());
        }
        List<Midi> midi = new ArrayList<>();
        for (Document d : stored) {
            byte[] file = d.get("midi") instanceof Binary old ? old.getData() : byId.get(d.getString("_id"));
            if (file != null) midi.add(new Midi(d.getInteger("index"), file));
        }
        return midi;
    }

    public Optional<SampleView> find(String jobId, int index) {
        return Optional.ofNullable(samples.find(Filters.eq("_id", SampleId.of(jobId, index)))
                .projection(WITHOUT_MIDI).first()).map(SampleRepository::view);
    }

    /** The job's samples by index, or by score (best first, then by index). */
    public List<SampleView> page(String jobId, int skip, int limit, boolean byScore) {
        List<SampleView> page = new ArrayList<>();
        Bson order = byScore ? Sorts.orderBy(Sorts.descending("score"), Sorts.ascending("index")) : Sorts.ascending("index");
        for (Document d : samples.find(Filters.eq("jobId", jobId)).projection(WITHOUT_MIDI)
                .sort(order).skip(skip).limit(limit)) {
            page.add(view(d));
        }
        return page;
    }

    private static SampleView view(Document d) {
        Number seed = d.get("seed", Number.class);
        Number score = d.get("score", Number.class);
        return new SampleView(d.getString("_id"), d.getString("jobId"), d.getInteger("index"),
                seed == null ? 0 : seed.longValue(), d.getString("pieceId"), d.getString("parentSampleId"),
                d.getInteger("bars"), d.getInteger("tracks"), d.getInteger("notes"),
                score == null ? null : score.doubleValue(), d.getDate("storedAt").toInstant());
    }
}
