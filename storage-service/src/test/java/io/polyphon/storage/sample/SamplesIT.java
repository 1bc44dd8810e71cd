package io.polyphon.storage.sample;

import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.Topics;
import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A job's samples through the internal HTTP API: pages, single reads with their lineage, and the zip download. */
class SamplesIT extends StorageContext {

    /** A stand-in MIDI file that differs for every sample, so a misplaced one shows. */
    private static byte[] midi(int index) {
        return ("MThd sample " + index).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void store(String job, int index) {
        send(new SampleRendered(job, 1, Instant.now(), index, midi(index), 8, 3, 40 + index), Topics.SAMPLES_RENDERED);
    }

    private String jobWithLineage(String owner, int total) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ownerKeyId", owner);
        body.put("total", total);
        body.put("pieceId", "piece-9");
        body.put("parentSampleId", "job-0:7");
        body.put("seed", 1234L);
        body.put("request", Map.of("count", total));
        return post("/jobs", toJson(body), 201).get("id").asString();
    }

    private Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) entries.put(entry.getName(), in.readAllBytes());
        }
        return entries;
    }

    private MvcResult zipOf(String job, String owner) throws Exception {
        MvcResult started = mvc.perform(get("/jobs/" + job + "/samples.zip").param("owner", owner))
                .andExpect(request().asyncStarted()).andReturn();
        return mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn();
    }

    @Test
    void samplesComeInPagesByIndex() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 5);
        for (int i = 4; i >= 0; i--) store(job, i);
        mvc.perform(get("/jobs/" + job + "/samples").param("owner", owner).param("page", "1").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(1))
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.total").value(5))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].id").value(job + ":2"))
                .andExpect(jsonPath("$.items[1].index").value(3))
                .andExpect(jsonPath("$.items[1].notes").value(43))
                .andExpect(jsonPath("$.items[1].midi").doesNotExist());
    }

    @Test
    void sortedByScoreTheModelsFavouritesComeFirst() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 3);
        double[] scores = {0.2, 0.9, 0.5};
        for (int i = 0; i < 3; i++) {
            send(new SampleRendered(job, 1, Instant.now(), i, midi(i), 8, 3, 40, scores[i]), Topics.SAMPLES_RENDERED);
        }
        mvc.perform(get("/jobs/" + job + "/samples").param("owner", owner).param("sort", "score"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].index").value(1))
                .andExpect(jsonPath("$.items[0].score").value(0.9))
                .andExpect(jsonPath("$.items[1].index").value(2))
                .andExpect(jsonPath("$.items[2].index").value(0));
        mvc.perform(get("/jobs/" + job + "/samples").param("owner", owner).param("sort", "loudness"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aSampleCarriesItsJobsLineage() throws Exception {
        String owner = newOwner();
        String job = jobWithLineage(owner, 2);
        store(job, 1);
        JsonNode sample = json(mvc.perform(get("/samples/" + job + ":1").param("owner", owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(sample.get("id").asString()).isEqualTo(job + ":1");
        assertThat(sample.get("jobId").asString()).isEqualTo(job);
        assertThat(sample.get("index").asInt()).isEqualTo(1);
        assertThat(sample.get("pieceId").asString()).isEqualTo("piece-9");
        assertThat(sample.get("parentSampleId").asString()).isEqualTo("job-0:7");
        assertThat(sample.get("seed").asLong()).isEqualTo(1234L);
        assertThat(sample.get("bars").asInt()).isEqualTo(8);
        assertThat(sample.get("tracks").asInt()).isEqualTo(3);
        assertThat(sample.get("score").isNull()).isTrue();
        assertThat(sample.get("storedAt").asString()).isNotBlank();
    }

    @Test
    void aSampleOfAnotherOwnerOrAMalformedIdIsNotFound() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 2);
        store(job, 0);
        for (String id : new String[]{job + ":0", job + ":1", job, job + ":x", job + ":-1", ":0"}) {
            String asker = id.equals(job + ":0") ? newOwner() : owner;
            mvc.perform(get("/samples/" + id).param("owner", asker))
                    .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        }
    }

    @Test
    void theZipHoldsEveryStoredSampleByteForByte() throws Exception {
        String owner = newOwner();
        int n = 120; // more than two of the zip's pages
        String job = newJob(owner, n);
        for (int i = 0; i < n; i++) store(job, i);

        MvcResult zip = zipOf(job, owner);

        assertThat(zip.getResponse().getContentType()).isEqualTo("application/zip");
        assertThat(zip.getResponse().getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"" + job + ".zip\"");
        Map<String, byte[]> entries = unzip(zip.getResponse().getContentAsByteArray());
        assertThat(entries).hasSize(n);
        int index = 0;
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            assertThat(entry.getKey()).isEqualTo(String.format("sample-%04d.mid", index + 1));
            assertThat(entry.getValue()).isEqualTo(midi(index));
            index++;
        }
    }

    @Test
    void aRunningJobsZipHoldsWhatIsStoredSoFar() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 10);
        store(job, 7);
        store(job, 2);
        Map<String, byte[]> entries = unzip(zipOf(job, owner).getResponse().getContentAsByteArray());
        assertThat(entries.keySet()).containsExactly("sample-0003.mid", "sample-0008.mid");
        assertThat(entries.get("sample-0008.mid")).isEqualTo(midi(7));
    }

    @Test
    void anotherOwnersZipIsNotFound() throws Exception {
        String job = newJob(newOwner(), 1);
        mvc.perform(get("/jobs/" + job + "/samples.zip").param("owner", newOwner()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"))
                .andExpect(header().doesNotExist("Content-Disposition"));
    }

    @Test
    void theDocumentsAPageOfSamplesReadsHoldNoMidiFile() throws Exception {
        String owner = newOwner();
        String job = jobWithLineage(owner, 2);
        store(job, 0);
        store(job, 1);
        assertThat(database.getCollection("samples").countDocuments(com.mongodb.client.model.Filters.eq("jobId", job))).isEqualTo(2);
        for (org.bson.Document listed : database.getCollection("samples").find(com.mongodb.client.model.Filters.eq("jobId", job))) {
            assertThat(listed.keySet()).doesNotContain("midi");
        }
    }
}
