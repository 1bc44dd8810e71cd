package io.polyphon.storage.key;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * API keys in MongoDB: each with the SHA-256 of its secret, never the secret, and found by that hash. A key written
 * before keys had scopes and states reads as an active key without scopes.
 */
public final class KeyRepository {

    private final MongoCollection<Document> keys;

    public KeyRepository(MongoDatabase database) {
        this.keys = database.getCollection("keys");
        keys.createIndex(Indexes.ascending("secretSha256"), new IndexOptions().unique(true));
        keys.createIndex(Indexes.descending("createdAt"));
    }

    public void insert(ApiKey key, String secretSha256) {
        keys.insertOne(new Document("_id", key.id()).append("name", key.name()).append("secretSha256", secretSha256)
                .append("createdAt", Date.from(key.createdAt())).append("scopes", key.scopes())
                .append("state", key.state().name()));
    }

    /** The active key with this secret; a revoked key's secret finds nothing. */
    public Optional<ApiKey> findActiveBySecretSha256(String secretSha256) {
        return Optional.ofNullable(keys.find(Filters.eq("secretSha256", secretSha256)).projection(VIEW).first())
                .map(KeyRepository::key).filter(k -> k.state() == KeyState.ACTIVE);
    }

    public Optional<ApiKey> find(String id) {
        return Optional.ofNullable(keys.find(Filters.eq("_id", id)).projection(VIEW).first()).map(KeyRepository::key);
    }

    /** A page of keys, newest first. */
    public List<ApiKey> page(int skip, int limit) {
        return keys.find().projection(VIEW).sort(Sorts.descending("createdAt")).skip(skip).limit(limit)
                .map(KeyRepository::key).into(new java.util.ArrayList<>());
    }

    public long count() {
        return keys.countDocuments();
    }

    /**
     * Gives an active key a new secret, so the old one stops working; false when the key is not active (the filter
     * keeps a revoke that lands in between from being undone).
     */
    public boolean rotate(String id, String secretSha256, Instant at) {
        return keys.updateOne(Filters.and(Filters.eq("_id", id), active()),
                Updates.combine(Updates.set("secretSha256", secretSha256), Updates.set("rotatedAt", Date.from(at))))
                .getModifiedCount() == 1;
    }

    /** Revokes the key for good; false when it was not active. */
    public boolean revoke(String id, Instant at) {
        return keys.updateOne(Filters.and(Filters.eq("_id", id), active()),
                Updates.combine(Updates.set("state", KeyState.REVOKED.name()), Updates.set("revokedAt", Date.from(at))))
                .getModifiedCount() == 1;
    }

    // a document written before keys had a state is active
    private static Bson active() {
        return Filters.ne("state", KeyState.REVOKED.name());
    }

    private static final Bson VIEW = Projections.exclude("secretSha256");

    private static ApiKey key(Document d) {
        List<String> scopes = d.getList("scopes", String.class, List.of());
        String state = d.getString("state");
        return new ApiKey(d.getString("_id"), d.getString("name"), d.getDate("createdAt").toInstant(), scopes,
                state == null ? KeyState.ACTIVE : KeyState.valueOf(state), instant(d.getDate("rotatedAt")),
                instant(d.getDate("revokedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
