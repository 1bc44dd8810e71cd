package io.polyphon.storage.key;

import com.mongodb.client.model.Filters;
import io.polyphon.storage.StorageContext;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys through the internal HTTP API: issued once with their secret, verified by it, stored without it. */
class ApiKeysIT extends StorageContext {

    @Test
    void anIssuedSecretVerifiesAsItsKey() throws Exception {
        JsonNode issued = post("/keys", "{\"name\":\"composer\"}", 201);
        assertThat(issued.get("secret").asString()).matches("pk_[A-Za-z0-9_-]{43}");

        JsonNode verified = post("/keys/verify", "{\"secret\":\"" + issued.get("secret").asString() + "\"}", 200);

        assertThat(verified.get("id").asString()).isEqualTo(issued.get("id").asString());
        assertThat(verified.get("name").asString()).isEqualTo("composer");
        assertThat(verified.get("createdAt").asString()).isEqualTo(issued.get("createdAt").asString());
        assertThat(verified.has("secret")).isFalse();
    }

    @Test
    void aWrongSecretIsAnUnknownKey() throws Exception {
        String secret = post("/keys", "{\"name\":\"composer\"}", 201).get("secret").asString();
        String wrong = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

        JsonNode problem = post("/keys/verify", "{\"secret\":\"" + wrong + "\"}", 404);

        assertThat(problem.get("code").asString()).isEqualTo("unknown-key");
    }

    @Test
    void theDatabaseHoldsOnlyTheSecretsHash() throws Exception {
        JsonNode issued = post("/keys", "{\"name\":\"composer\"}", 201);
        String secret = issued.get("secret").asString();

        Document stored = database.getCollection("keys").find(Filters.eq("_id", issued.get("id").asString())).first();

        assertThat(stored.toJson()).doesNotContain(secret).doesNotContain(secret.substring(3));
        assertThat(stored.getString("secretSha256")).isEqualTo(Secrets.hash(secret)).hasSize(64);
    }

    @Test
    void everyKeyGetsItsOwnSecret() throws Exception {
        String first = post("/keys", "{\"name\":\"a\"}", 201).get("secret").asString();
        String second = post("/keys", "{\"name\":\"a\"}", 201).get("secret").asString();
        assertThat(first).isNotEqualTo(second);
    }
}
