package io.polyphon.worker.messaging;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.Messages;
import io.polyphon.contract.SampleGenerated;
import io.polyphon.contract.ShardProgressed;
import io.polyphon.contract.Topics;
import io.polyphon.worker.TestShards;
import io.polyphon.worker.engine.TestModels;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.EnableTestBinder;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's bindings in a Spring context with the test binder: shard commands as JSON in, samples as JSON out,
 * over the bundled model. (The test binder hands a message to its consumer on the sending thread, so by the time
 * {@code send} returns every sample of the shard is on the output.)
 */
@SpringBootTest(properties = {"spring.config.name=generation-worker", "polyphon.worker.batch-size=2"})
@EnableTestBinder
class MessagingConfigurationTest {

    @Autowired
    private InputDestination input;
    @Autowired
    private OutputDestination output;

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("polyphon.worker.model", () -> TestModels.bundled().toString());
    }

    @Test
    void aShardOnTheInteractiveLaneYieldsOneSampleGeneratedPerSampleKeyedByJob() {
        input.send(json(Messages.toJson(TestShards.shard("job-1", 0, 4, 3))), Topics.SHARDS_INTERACTIVE);

        List<Message<byte[]>> messages = drain();
        assertThat(messages).hasSize(3);
        assertThat(messages).allSatisfy(message -> assertThat(key(message)).isEqualTo("job-1"));
        List<SampleGenerated> samples = messages.stream()
                .map(m -> Messages.fromJson(new String(m.getPayload(), StandardCharsets.UTF_8), SampleGenerated.class))
                .toList();
        assertThat(samples).extracting(SampleGenerated::sampleIndex).containsExactly(4, 5, 6);
        assertThat(samples).allSatisfy(sample -> {
            assertThat(sample.jobId()).isEqualTo("job-1");
            assertThat(sample.piece().barCount()).isEqualTo(4);
        });
    }

    @Test
    void aShardOnTheBulkLaneYieldsItsSamplesToo() {
        input.send(json(Messages.toJson(TestShards.shard("job-2", 1, 0, 1))), Topics.SHARDS_BULK);

        assertThat(drain()).hasSize(1);
    }

    @Test
    void aCancelJobOnJobsControlDropsTheShardsOfThatJob() {
        // cancelled now: the worker's clock is the real one, and forgets cancellations older than its retention
        input.send(json(Messages.toJson(new CancelJob("job-3", io.polyphon.contract.Message.SCHEMA_VERSION, Instant.now(), "the user cancelled it"))),
                Topics.JOBS_CONTROL);
        input.send(json(Messages.toJson(TestShards.shard("job-3", 0, 0, 2))), Topics.SHARDS_BULK);
        input.send(json(Messages.toJson(TestShards.shard("job-4", 0, 0, 1))), Topics.SHARDS_BULK);

        assertThat(drain()).extracting(MessagingConfigurationTest::key).containsExactly("job-4");
    }

    @Test
    void aShardOfSeveralStepsReportsItsProgressOnShardsProgressKeyedByJob() {
        input.send(json(Messages.toJson(TestShards.twoStepShard("job-5", 2, 0, 2))), Topics.SHARDS_INTERACTIVE);

        assertThat(drain()).hasSize(2);
        // the first report of a shard goes out at once; it leaves on the reporter's own thread, so wait for it
        Message<byte[]> report = output.receive(60_000, Topics.SHARDS_PROGRESS);
        assertThat(report).isNotNull();
        assertThat(key(report)).isEqualTo("job-5");
        ShardProgressed progress = Messages.fromJson(new String(report.getPayload(), StandardCharsets.UTF_8),
                ShardProgressed.class);
        assertThat(progress.shardIndex()).isEqualTo(2);
        assertThat(progress.stepsDone()).isBetween(1, progress.stepsTotal() - 1);
    }

    private static Message<byte[]> json(String body) {
        return MessageBuilder.withPayload(body.getBytes(StandardCharsets.UTF_8))
                .setHeader("contentType", "application/json").build();
    }

    /** Everything on shards.generated now (the shards ran on the sending thread, so nothing more is coming). */
    private List<Message<byte[]>> drain() {
        List<Message<byte[]>> messages = new ArrayList<>();
        for (Message<byte[]> m; (m = output.receive(0, Topics.SHARDS_GENERATED)) != null; ) messages.add(m);
        return messages;
    }

    private static String key(Message<byte[]> message) {
        return new String((byte[]) message.getHeaders().get(KafkaHeaders.KEY), StandardCharsets.UTF_8);
    }
}
