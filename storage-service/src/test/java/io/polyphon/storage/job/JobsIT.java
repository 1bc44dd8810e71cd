package io.polyphon.storage.job;

import com.mongodb.client.model.Filters;
import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Jobs through the internal HTTP API: created at most once per idempotency key, read and listed by their owner. */
class JobsIT extends StorageContext {

    private static final String REQUEST = "{\"count\":4,\"seed\":42,\"temperature\":0.95,"
            + "\"tracks\":[{\"track\":0,\"action\":\"infill\",\"bars\":[1,2]}],\"note\":null}";

    private static String newJobBody(String owner, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ownerKeyId", owner);
        body.put("total", 4);
        body.put("pieceId", "piece-1");
        body.put("parentSampleId", "job-0:3");
        body.put("seed", 9_007_199_254_740_993L);
        body.put("request", json(REQUEST));
        body.put("idempotencyKey", idempotencyKey);
        return toJson(body);
    }

    private long jobsOf(String owner) {
        return database.getCollection("jobs").countDocuments(Filters.eq("ownerKeyId", owner));
    }

    @Test
    void aRetriedCreateReturnsTheFirstJobAndCreatesNoOther() throws Exception {
        String owner = newOwner();
        JsonNode first = post("/jobs", newJobBody(owner, "upload-7"), 201);
        JsonNode again = post("/jobs", newJobBody(owner, "upload-7"), 200);
        assertThat(again).isEqualTo(first);
        assertThat(jobsOf(owner)).isEqualTo(1);
    }

    @Test
    void concurrentCreatesOfOneIdempotencyKeyMakeOneJob() throws Exception {
        String owner = newOwner();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> creates = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Callable<String> create = () -> json(mvc.perform(org.springframework.test.web.servlet.request
                            .MockMvcRequestBuilders.post("/jobs").contentType("application/json")
                            .content(newJobBody(owner, "double-click")))
                    .andReturn().getResponse().getContentAsString()).get("id").asString();
            creates.add(pool.submit(create));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> create : creates) ids.add(create.get(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(jobsOf(owner)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyOfAnotherOwnerIsAnotherJob() throws Exception {
        String first = post("/jobs", newJobBody(newOwner(), "upload-7"), 201).get("id").asString();
        String second = post("/jobs", newJobBody(newOwner(), "upload-7"), 201).get("id").asString();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void jobsWithoutAnIdempotencyKeyAreAlwaysNew() throws Exception {
        String owner = newOwner();
        post("/jobs", newJobBody(owner, null), 201);
        post("/jobs", newJobBody(owner, null), 201);
        assertThat(jobsOf(owner)).isEqualTo(2);
    }

    @Test
    void aJobEchoesWhatItWasAskedFor() throws Exception {
        String owner = newOwner();
        JsonNode created = post("/jobs", newJobBody(owner, null), 201);
        String body = mvc.perform(get("/jobs/" + created.get("id").asString()).param("owner", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("QUEUED"))
                .andExpect(jsonPath("$.done").value(0))
                .andExpect(jsonPath("$.total").value(4))
                .andExpect(jsonPath("$.pieceId").value("piece-1"))
                .andExpect(jsonPath("$.parentSampleId").value("job-0:3"))
                .andExpect(jsonPath("$.history[0].state").value("QUEUED"))
                .andExpect(jsonPath("$.failure").isEmpty())
                .andReturn().getResponse().getContentAsString();
        JsonNode job = json(body);
        assertThat(job.get("seed").asLong()).isEqualTo(9_007_199_254_740_993L);
        assertThat(job.get("request")).isEqualTo(json(REQUEST));
        assertThat(job.get("createdAt").asString()).isEqualTo(created.get("createdAt").asString())
                .isEqualTo(job.get("updatedAt").asString());
    }

    @Test
    void anOwnersJobsAreListedNewestFirst() throws Exception {
        String owner = newOwner();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(newJob(owner, 1 + i));
            Thread.sleep(2); // distinct creation milliseconds
        }
        newJob(newOwner(), 1);
        mvc.perform(get("/jobs").param("owner", owner))
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(50))
                .andExpect(jsonPath("$.items[0].id").value(ids.get(2)))
                .andExpect(jsonPath("$.items[1].id").value(ids.get(1)))
                .andExpect(jsonPath("$.items[2].id").value(ids.get(0)))
                .andExpect(jsonPath("$.items[2].total").value(1));
    }

    @Test
    void anotherOwnersJobIsNotFound() throws Exception {
        String job = newJob(newOwner(), 2);
        mvc.perform(get("/jobs/" + job).param("owner", newOwner()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
    }

    @Test
    void usageCountsWhatTheOwnersUnfinishedJobsStillHaveToGenerate() throws Exception {
        String owner = newOwner();
        String finished = post("/jobs", newJobBody(owner, null), 201).get("id").asString();
        post("/jobs", newJobBody(owner, null), 201);
        post("/jobs", newJobBody(owner, null), 201);
        new JobRepository(database).update(finished, j -> j.moveTo(JobState.CANCELLED, j.history().get(0).at(), "by its owner"));
        JsonNode usage = json(mvc.perform(get("/usage").param("owner", owner))
                .andReturn().getResponse().getContentAsString());
        assertThat(usage.get("activeJobs").asInt()).isEqualTo(2);
        assertThat(usage.get("pendingSamples").asLong()).isEqualTo(8);
    }

    private static String quotaJobBody(String owner, String idempotencyKey, long quota) {
        return "{\"ownerKeyId\":\"" + owner + "\",\"total\":4,\"maxPendingSamples\":" + quota
                + (idempotencyKey == null ? "" : ",\"idempotencyKey\":\"" + idempotencyKey + "\"") + "}";
    }

    @Test
    void aNewJobThatWouldPassItsOwnersQuotaIsRefusedSayingWhy() throws Exception {
        String owner = newOwner();
        post("/jobs", quotaJobBody(owner, null, 8), 201);
        post("/jobs", quotaJobBody(owner, null, 8), 201);
        JsonNode refused = post("/jobs", quotaJobBody(owner, null, 8), 429);
        assertThat(refused.get("code").asString()).isEqualTo("quota-exceeded");
        assertThat(refused.get("detail").asString()).contains("8 samples to generate");
        assertThat(jobsOf(owner)).isEqualTo(2);
    }

    @Test
    void aRetryOfAStoredJobIsAnsweredEvenWhenTheQuotaIsFull() throws Exception {
        String owner = newOwner();
        String first = post("/jobs", quotaJobBody(owner, "again", 4), 201).get("id").asString();
        assertThat(post("/jobs", quotaJobBody(owner, "again", 4), 200).get("id").asString()).isEqualTo(first);
    }

    @Test
    void aJobTheGatewayCouldNotQueueIsFailedWithItsReason() throws Exception {
        String owner = newOwner();
        String id = post("/jobs", newJobBody(owner, null), 201).get("id").asString();
        JsonNode failed = post("/jobs/" + id + "/failure", "{\"owner\":\"" + owner
                + "\",\"code\":\"not-queued\",\"message\":\"the broker did not take it\",\"retryable\":true}", 200);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").get("code").asString()).isEqualTo("not-queued");
        JsonNode usage = json(mvc.perform(get("/usage").param("owner", owner)).andReturn().getResponse().getContentAsString());
        assertThat(usage.get("pendingSamples").asLong()).isZero();
    }

    @Test
    void aJobThePlannerTookIsNotFailedByTheGateway() throws Exception {
        String owner = newOwner();
        String id = post("/jobs", newJobBody(owner, null), 201).get("id").asString();
        new JobRepository(database).update(id, j -> j.moveTo(JobState.PLANNED, j.history().get(0).at(), "1 shard"));
        JsonNode answer = post("/jobs/" + id + "/failure", "{\"owner\":\"" + owner
                + "\",\"code\":\"not-queued\",\"message\":\"the broker did not answer\",\"retryable\":true}", 200);
        assertThat(answer.get("state").asString()).isEqualTo("PLANNED");
    }

    @Test
    void concurrentCreatesOfOneKeyNeverPassItsQuota() throws Exception {
        String owner = newOwner();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // 4 samples each against a quota of 20: five fit, however the creates interleave
            creates.add(pool.submit(() -> mvc.perform(org.springframework.test.web.servlet.request
                            .MockMvcRequestBuilders.post("/jobs").contentType("application/json")
                            .content(quotaJobBody(owner, null, 20)))
                    .andReturn().getResponse().getStatus()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> create : creates) statuses.add(create.get(60, TimeUnit.SECONDS));
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
        assertThat(statuses).filteredOn(s -> s != 201).containsOnly(429);
        assertThat(jobsOf(owner)).isEqualTo(5);
    }
}
