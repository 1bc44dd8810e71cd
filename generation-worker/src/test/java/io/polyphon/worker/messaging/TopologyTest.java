package io.polyphon.worker.messaging;

import io.polyphon.contract.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaBindingProperties;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology in generation-worker.yml, bound into the binder's own property classes: the right topics, groups, retries
 * and dead-letter topics, and the settings that make a shard's offset commit only after its samples are stored.
 */
class TopologyTest {

    private final Binder yaml = binder();

    @Test
    void eachShardLaneIsABindingOfItsOwnInTheWorkersGroupWithBoundedRetriesAndADeadLetterTopic() {
        for (String binding : new String[]{"generateInteractive-in-0", "generateBulk-in-0"}) {
            BindingProperties properties = binding(binding);
            KafkaConsumerProperties kafka = kafkaConsumer(binding);
            assertThat(properties.getGroup()).isEqualTo("generation-worker");
            assertThat(properties.getConsumer().getMaxAttempts()).isEqualTo(3);
            assertThat(kafka.isEnableDlq()).isTrue();
            assertThat(kafka.getDlqName()).isEqualTo(Topics.deadLetter(properties.getDestination()));
            assertThat(kafka.getAckMode()).as("commit each shard once its consumer returns").isEqualTo(AckMode.RECORD);
            assertThat(kafka.getConfiguration()).containsEntry("max.poll.records", "1");
        }
        assertThat(binding("generateInteractive-in-0").getDestination()).isEqualTo(Topics.SHARDS_INTERACTIVE);
        assertThat(binding("generateBulk-in-0").getDestination()).isEqualTo(Topics.SHARDS_BULK);
    }

    @Test
    void everyWorkerHearsEveryCancellationFromTheStartOfTheCompactedTopic() {
        BindingProperties control = binding("cancelJobs-in-0");
        assertThat(control.getDestination()).isEqualTo(Topics.JOBS_CONTROL);
        assertThat(control.getGroup()).as("a consumer group per instance").startsWith("generation-worker-")
                .isNotEqualTo("generation-worker");
        assertThat(kafkaConsumer("cancelJobs-in-0").getStartOffset())
                .isEqualTo(KafkaConsumerProperties.StartOffset.earliest);
        assertThat(kafkaConsumer("cancelJobs-in-0").getDlqName()).isEqualTo(Topics.deadLetter(Topics.JOBS_CONTROL));
    }

    @Test
    void samplesArePublishedSynchronouslyToShardsGeneratedAndAcknowledgedByAllReplicas() {
        assertThat(binding(MessagingConfiguration.SAMPLES).getDestination()).isEqualTo(Topics.SHARDS_GENERATED);
        assertThat(kafka(MessagingConfiguration.SAMPLES).getProducer().isSync()).isTrue();
        assertThat(yaml.bind("spring.cloud.stream.kafka.binder.required-acks", String.class).get()).isEqualTo("all");
        assertThat(yaml.bind("spring.cloud.function.definition", String.class).get())
                .isEqualTo("generateInteractive;generateBulk;cancelJobs");
    }

    @Test
    void stepProgressGoesToShardsProgressWithoutWaitingForTheBroker() {
        assertThat(binding(MessagingConfiguration.PROGRESS).getDestination()).isEqualTo(Topics.SHARDS_PROGRESS);
        assertThat(kafka(MessagingConfiguration.PROGRESS).getProducer().isSync()).isFalse();
        assertThat(yaml.bind("spring.cloud.stream.output-bindings", String.class).get()).isEqualTo("samples;progress");
    }

    /** Bound as a map of binding name to properties, as the binder binds them (the names carry capitals). */
    private BindingProperties binding(String name) {
        return yaml.bind("spring.cloud.stream.bindings", Bindable.mapOf(String.class, BindingProperties.class))
                .get().get(name);
    }

    private KafkaBindingProperties kafka(String binding) {
        return yaml.bind("spring.cloud.stream.kafka.bindings",
                Bindable.mapOf(String.class, KafkaBindingProperties.class)).get().get(binding);
    }

    private KafkaConsumerProperties kafkaConsumer(String binding) {
        return kafka(binding).getConsumer();
    }

    private static Binder binder() {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            new YamlPropertySourceLoader().load("generation-worker.yml", new ClassPathResource("generation-worker.yml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment);
    }
}
