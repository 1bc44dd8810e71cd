package io.polyphon.storage.key;

import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's life through the internal API: listed without its secret, rotated to a new secret that replaces the old
 * one, revoked for good; and the audit trail of each key's creation, use, rotation, revocation and jobs.
 */
class KeyLifecycleIT extends StorageContext {

    private JsonNode get(String path) throws Exception {
        return json(mvc.perform(MockMvcRequestBuilders.get(path)).andReturn().getResponse().getContentAsString());
    }

    private JsonNode verify(String secret, int status) throws Exception {
        return post("/keys/verify", "{\"secret\":\"" + secret + "\"}", status);
    }

    @Test
    void anAdminKeySaysItsScopeWhenVerified() throws Exception {
        String secret = post("/keys", "{\"name\":\"ops\",\"scopes\":[\"admin\"]}", 201).get("secret").asString();
        assertThat(verify(secret, 200).get("scopes").get(0).asString()).isEqualTo("admin");
    }

    @Test
    void anUnknownScopeIsRefused() throws Exception {
        assertThat(post("/keys", "{\"name\":\"ops\",\"scopes\":[\"root\"]}", 400).get("code").asString())
                .isEqualTo("invalid-request");
    }

    @Test
    void theListShowsEveryKeyWithoutItsSecret() throws Exception {
        JsonNode issued = post("/keys", "{\"name\":\"listed\"}", 201);
        JsonNode page = get("/keys?size=1000");
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(k -> ids.add(k.get("id").asString()));
        assertThat(ids).contains(issued.get("id").asString());
        assertThat(page.toString()).doesNotContain(issued.get("secret").asString()).doesNotContain("secretSha256");
    }

    @Test
    void aRotatedKeyKeepsItsIdAndOnlyTheNewSecretWorks() throws Exception {
        JsonNode issued = post("/keys", "{\"name\":\"rotating\"}", 201);
        String id = issued.get("id").asString();
        JsonNode rotated = post("/keys/" + id + "/rotate", "", 200);
        assertThat(rotated.get("id").asString()).isEqualTo(id);
        assertThat(verify(rotated.get("secret").asString(), 200).get("id").asString()).isEqualTo(id);
        assertThat(verify(issued.get("secret").asString(), 404).get("code").asString()).isEqualTo("unknown-key");
    }

    @Test
    void aRevokedKeysSecretIsRefusedAndItCannotBeRotatedBack() throws Exception {
        JsonNode issued = post("/keys", "{\"name\":\"leaked\"}", 201);
        String id = issued.get("id").asString();
        assertThat(post("/keys/" + id + "/revoke", "", 200).get("state").asString()).isEqualTo("REVOKED");
        assertThat(verify(issued.get("secret").asString(), 404).get("code").asString()).isEqualTo("unknown-key");
        assertThat(post("/keys/" + id + "/rotate", "", 409).get("code").asString()).isEqualTo("key-revoked");
        assertThat(post("/keys/" + id + "/revoke", "", 200).get("state").asString()).isEqualTo("REVOKED");
    }

    @Test
    void anUnknownKeyCannotBeRotatedOrRevoked() throws Exception {
        assertThat(post("/keys/no-such-key/rotate", "", 404).get("code").asString()).isEqualTo("unknown-key");
        assertThat(post("/keys/no-such-key/revoke", "", 404).get("code").asString()).isEqualTo("unknown-key");
    }

    @Test
    void theAuditTrailRecordsAKeysCreationUseJobsRotationAndRevocationNewestFirst() throws Exception {
        JsonNode issued = post("/keys", "{\"name\":\"audited\"}", 201);
        String id = issued.get("id").asString();
        verify(issued.get("secret").asString(), 200);
        String job = newJob(id, 4);
        post("/keys/" + id + "/rotate", "", 200);
        post("/keys/" + id + "/revoke", "", 200);

        JsonNode trail = get("/audit?keyId=" + id);
        List<String> actions = new ArrayList<>();
        trail.get("items").forEach(r -> actions.add(r.get("action").asString()));
        assertThat(actions).containsExactly("key-revoked", "key-rotated", "job-created", "key-used", "key-created");
        assertThat(trail.get("items").get(2).get("jobId").asString()).isEqualTo(job);
        assertThat(trail.get("total").asLong()).isEqualTo(5);
    }
}
