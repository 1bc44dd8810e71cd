package io.polyphon.storage.web;

import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every error of the service is an RFC 9457 problem with a code the gateway can switch on. */
class ProblemsIT extends StorageContext {

    @Test
    void malformedJsonIsAnInvalidRequestProblem() throws Exception {
        JsonNode problem = post("/jobs", "{\"ownerKeyId\":\"key-a\",\"total\":", 400);
        assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    @Test
    void aProblemIsServedAsProblemJson() throws Exception {
        mvc.perform(get("/jobs/nope").param("owner", "key-a"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aFieldOutOfRangeIsAnInvalidRequestThatNamesIt() throws Exception {
        JsonNode problem = post("/jobs", "{\"ownerKeyId\":\"key-a\",\"total\":1001}", 400);
        assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
        assertThat(problem.get("detail").asString()).contains("total");
    }

    @Test
    void aPieceThatBreaksItsOwnRulesIsAnInvalidRequest() throws Exception {
        // one time signature, but the track has two bars
        String piece = "{\"timeSignatures\":[{\"numerator\":4,\"denominator\":4}],\"tempos\":[],"
                + "\"tracks\":[{\"program\":0,\"drum\":false,\"bars\":[{\"notes\":[]},{\"notes\":[]}]}]}";
        JsonNode problem = post("/pieces", "{\"ownerKeyId\":\"key-a\",\"name\":\"x\",\"piece\":" + piece + "}", 400);
        assertThat(problem.get("code").asString()).isEqualTo("invalid-request");
        assertThat(problem.get("detail").asString()).contains("bars");
    }

    @Test
    void aBadPageParameterIsAnInvalidRequest() throws Exception {
        for (String[] param : new String[][]{{"size", "0"}, {"size", "1001"}, {"page", "-1"}, {"page", "two"}}) {
            mvc.perform(get("/jobs").param("owner", "key-a").param(param[0], param[1]))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-request"));
        }
    }

    @Test
    void aMissingOwnerIsAnInvalidRequest() throws Exception {
        mvc.perform(get("/pieces"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-request"));
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        mvc.perform(get("/no/such/thing"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
    }
}
