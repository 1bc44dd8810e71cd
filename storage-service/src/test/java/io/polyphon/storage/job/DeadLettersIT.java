package io.polyphon.storage.job;

import io.polyphon.contract.JobEvent;
import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.Topics;
import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/** The dead-letter binding in the service: a message that landed on a DLQ fails its job and tells the gateways. */
class DeadLettersIT extends StorageContext {

    private void deadLetter(String topic, byte[] payload, String key, String reason) {
        var message = MessageBuilder.withPayload(payload).setHeader("contentType", "application/json")
                .setHeader(KafkaHeaders.RECEIVED_TOPIC, topic)
                .setHeader(KafkaHeaders.RECEIVED_KEY, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
        if (reason != null) message.setHeader("x-exception-message", reason.getBytes(StandardCharsets.UTF_8));
        input.send(message.build(), topic);
    }

    @Test
    void aDeadLetterFailsItsJobWithTheReasonAndTellsTheGateways() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 3);
        byte[] sample = toJson(new SampleRendered(job, 1, Instant.now(), 0, new byte[]{1}, 4, 2, 9))
                .getBytes(StandardCharsets.UTF_8);

        deadLetter(Topics.deadLetter(Topics.SHARDS_GENERATED), sample, job, "bar 9 of track 2 is empty");

        assertThat(nextEventOf(job)).isInstanceOfSatisfying(JobEvent.JobFailed.class, failed -> {
            assertThat(failed.code()).isEqualTo("dead-letter");
            assertThat(failed.reason()).contains("shards.generated.dlq").contains("bar 9 of track 2 is empty");
            assertThat(failed.retryable()).isTrue();
        });
        mvc.perform(get("/jobs/" + job).param("owner", owner))
                .andExpect(jsonPath("$.state").value("FAILED"))
                .andExpect(jsonPath("$.failure.code").value("dead-letter"))
                .andExpect(jsonPath("$.failure.retryable").value(true))
                .andExpect(jsonPath("$.history[1].reason").value(
                        "a message on shards.generated.dlq failed: bar 9 of track 2 is empty"));
    }

    @Test
    void everyDeadLetterTopicIsRead() throws Exception {
        for (String topic : new String[]{Topics.JOBS_REQUESTED, Topics.SHARDS_INTERACTIVE, Topics.SHARDS_BULK,
                Topics.SHARDS_GENERATED, Topics.SAMPLES_RENDERED}) {
            String owner = newOwner();
            String job = newJob(owner, 1);
            deadLetter(Topics.deadLetter(topic), ("{\"jobId\":\"" + job + "\"}").getBytes(StandardCharsets.UTF_8),
                    job, "boom");
            mvc.perform(get("/jobs/" + job).param("owner", owner)).andExpect(jsonPath("$.state").value("FAILED"));
        }
    }

    @Test
    void aDeadLetterThatIsNotJsonFailsTheJobItsKeyNames() throws Exception {
        String owner = newOwner();
        String job = newJob(owner, 2);
        deadLetter(Topics.deadLetter(Topics.JOBS_REQUESTED), new byte[]{(byte) 0xff, 0x00, 0x13}, job, null);
        mvc.perform(get("/jobs/" + job).param("owner", owner))
                .andExpect(jsonPath("$.state").value("FAILED"))
                .andExpect(jsonPath("$.failure.message").value(
                        "a message on jobs.requested.dlq failed: a message of this job could not be processed"));
    }
}
