package io.polyphon.worker;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.engine.OnnxLanguageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model, loaded once at start-up (a model that does not match stops the worker there), its meters, and its
 * engine.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    @Bean(destroyMethod = "close")
    OnnxLanguageModel languageModel(WorkerProperties properties, MeterRegistry registry) {
        long start = System.nanoTime();
        OnnxLanguageModel model = OnnxLanguageModel.load(properties.model(), properties.engineDevice());
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        log.info("serving {} on {} (loaded in {} s); it reads MIDI on the {} grid (the MIDI service must read uploads "
                + "on it too: POLYPHON_MIDI_GRID)", properties.model(), model.device(), String.format("%.2f", loadSeconds),
                model.metadata().grid().gridName());
        meter(model, properties, registry, loadSeconds);
        return model;
    }

    /**
     * The model's meters: where it runs (a GPU worker that fell back to the CPU shows device="cpu" beside
     * requested="cuda"), how long it took to load, and the time and cache of every prefill and decode step.
     */
    private static void meter(OnnxLanguageModel model, WorkerProperties properties, MeterRegistry registry,
                              double loadSeconds) {
        String name = properties.model().getFileName().toString();
        String device = model.device().startsWith("cuda") ? "cuda" : "cpu";
        String requested = properties.engineDevice().kind().name().toLowerCase(Locale.ROOT);
        Gauge.builder("polyphon.worker.device", () -> 1).description("The device the model runs on (always 1)")
                .tags("device", device, "requested", requested, "model", name).register(registry);
        Gauge.builder("polyphon.worker.gpu.fallback", () -> requested.equals("cuda") && device.equals("cpu") ? 1 : 0)
                .description("1 where CUDA was asked for but the model runs on the CPU").register(registry);
        Gauge.builder("polyphon.worker.model.load", () -> loadSeconds).baseUnit("seconds")
                .description("Time to load and check the model at start-up").tags("model", name).register(registry);
        Timer prefill = runTimer(registry, "polyphon.worker.prefill", "One prompt run of the model", device, name);
        Timer decode = runTimer(registry, "polyphon.worker.decode.step", "One decode step of a batch", device, name);
        AtomicLong cacheBytes = new AtomicLong();
        Gauge.builder("polyphon.worker.kv.cache", cacheBytes, AtomicLong::get).baseUnit("bytes")
                .description("Keys and values of the latest model run").tags("device", device).register(registry);
        DistributionSummary batches = DistributionSummary.builder("polyphon.worker.batch.size")
                .description("Samples in one decode step (the occupied slots)").publishPercentileHistogram()
                .maximumExpectedValue(1024.0).register(registry);
        model.listen((isPrefill, batch, nanos, bytes) -> {
            (isPrefill ? prefill : decode).record(nanos, TimeUnit.NANOSECONDS);
            if (!isPrefill) batches.record(batch);
            cacheBytes.set(bytes);
        });
    }

    private static Timer runTimer(MeterRegistry registry, String name, String description, String device, String model) {
        return Timer.builder(name).description(description).tags("device", device, "model", model)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }

    @Bean(destroyMethod = "close")
    GenerationEngine generationEngine(OnnxLanguageModel model, WorkerProperties properties) {
        return new GenerationEngine(model, properties.maxNewTokens(), properties.batchSize(), true);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
