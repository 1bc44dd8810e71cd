package io.polyphon.storage.web;

import io.polyphon.contract.InternalCredential;
import io.polyphon.storage.InternalCaller;
import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The internal API takes only callers that show the internal credential: reaching the port is not enough. */
class InternalCallerIT extends StorageContext {

    @Autowired
    WebApplicationContext context;

    @Autowired
    InternalCallerFilter internalCallers;

    // a client of its own, without the credential the other tests' client sends on every request
    private MockMvc stranger;

    @BeforeEach
    void stranger() {
        stranger = MockMvcBuilders.webAppContextSetup(context).addFilters(internalCallers).build();
    }

    @Test
    void aCallerWithoutTheCredentialCannotMintAnApiKey() throws Exception {
        long before = database.getCollection("keys").countDocuments();
        stranger.perform(MockMvcRequestBuilders.post("/keys").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"intruder\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("internal-credential-required"));
        assertThat(database.getCollection("keys").countDocuments()).isEqualTo(before);
    }

    @Test
    void aCallerWithAWrongCredentialCannotReadATenantsJob() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 3);
        stranger.perform(get("/jobs/" + job).param("owner", owner)
                        .header(InternalCredential.HEADER, InternalCaller.SECRET.substring(1)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("internal-credential-required"))
                .andExpect(jsonPath("$.state").doesNotExist());
    }

    @Test
    void aCallerWithTheCredentialIsServed() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 3);
        stranger.perform(get("/jobs/" + job).param("owner", owner).header(InternalCredential.HEADER, InternalCaller.SECRET))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("QUEUED"));
    }
}
