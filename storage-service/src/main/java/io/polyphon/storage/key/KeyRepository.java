package io.polyphon.storage.key;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

import java.util.Date;
import java.util.Optional;

/** API keys in MongoDB: each with the SHA-256 of its secret, never the secret, and found by that hash. */
public final class KeyRepository {

    private final MongoCollection<Document> keys;

    public KeyRepository(MongoDatabase database) {
        this.keys = database.getCollection("keys");
        keys.createIndex(Indexes.ascending("secretSha256"), new IndexOptions().unique(true));
    }

    public void insert(ApiKey key, String secretSha256) {
        keys.insertOne(new Document("_id", key.id()).append("name", key.name()).append("secretSha256", secretSha256)
                .append("createdAt", Date.from(key.createdAt())));
    }

    public Optional<ApiKey> findBySecretSha256(String secretSha256) {
        return Optional.ofNullable(keys.find(Filters.eq("secretSha256", secretSha256)).first())
                .map(d -> new ApiKey(d.getString("_id"), d.getString("name"), d.getDate("createdAt").toInstant()));
    }
}
