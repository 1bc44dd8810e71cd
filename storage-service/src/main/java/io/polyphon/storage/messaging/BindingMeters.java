package io.polyphon.storage.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.polyphon.storage.sample.SampleStoring;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the storage bindings count: samples stored, duplicates ignored (redeliveries), samples dropped (their job is
 * over), dead letters by topic, and failures by binding (each failed attempt, retries included). Storing a sample is
 * an observation of its own, so its database writes are a span in the job's trace and a timer.
 */
final class BindingMeters {

    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter dropped;

    /**
     * @param bindings    the bindings whose failures are counted, each a series from the start (at 0)
     * @param deadLetters the dead-letter topics read, likewise
     */
    BindingMeters(MeterRegistry registry, ObservationRegistry observations, List<String> bindings,
                  List<String> deadLetters) {
        this.registry = registry;
        this.observations = observations;
        this.stored = Counter.builder("polyphon.storage.samples.stored").description("Samples stored, each once")
                .register(registry);
        this.duplicates = Counter.builder("polyphon.storage.samples.duplicates")
                .description("Samples that arrived again (redeliveries) and were not stored twice").register(registry);
        this.dropped = Counter.builder("polyphon.storage.samples.dropped")
                .description("Samples of a job that was cancelled or failed, not stored").register(registry);
        bindings.forEach(this::errors);
        deadLetters.forEach(this::deadLetters);
    }

    /** Stores one sample as the observation {@code polyphon.storage.sample.store}, counting what became of it. */
    void store(Supplier<SampleStoring.Outcome> storing) {
        SampleStoring.Outcome outcome = Observation.createNotStarted("polyphon.storage.sample.store", observations)
                .observe(() -> failing("storeSample", storing));
        switch (outcome) {
            case STORED -> stored.increment();
            case DUPLICATE -> duplicates.increment();
            case DROPPED -> dropped.increment();
        }
    }

    /** Runs one message's work on {@code binding}, counting it in {@code polyphon_storage_errors_total} if it throws. */
    void run(String binding, Runnable work) {
        failing(binding, () -> {
            work.run();
            return null;
        });
    }

    void deadLetter(String topic) {
        deadLetters(topic == null ? "unknown" : topic).increment();
    }

    private Counter deadLetters(String topic) {
        return Counter.builder("polyphon.storage.dead.letters").description("Messages that reached a dead-letter topic")
                .tag("topic", topic).register(registry);
    }

    private Counter errors(String binding) {
        return Counter.builder("polyphon.storage.errors").description("Failed attempts to handle a message, by binding")
                .tag("binding", binding).register(registry);
    }

    private <T> T failing(String binding, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            errors(binding).increment();
            throw e;
        }
    }
}
