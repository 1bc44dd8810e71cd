package io.polyphon.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.polyphon.worker.engine.OnnxLanguageModel;
import io.polyphon.worker.engine.TestModels;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads of a worker's model on its scrape endpoint: where it really runs, and its load time. */
class WorkerMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private OnnxLanguageModel load(String device) {
        WorkerProperties properties = new WorkerProperties(TestModels.bundled(), device, false, 32, 0,
                Duration.ofHours(1), 10, Duration.ofMillis(500));
        return new WorkerConfiguration().languageModel(properties, registry);
    }

    @Test
    void aWorkerAskedForCudaThatRunsOnTheCpuShowsItsFallback() {
        try (OnnxLanguageModel model = load("cuda")) {
            String where = model.device().startsWith("cuda") ? "cuda" : "cpu";
            assertThat(registry.get("polyphon.worker.device").tags("device", where, "requested", "cuda").gauge().value())
                    .isEqualTo(1);
            // 1 exactly where CUDA was asked for and the model runs on the CPU (always, on the CPU build)
            assertThat(registry.get("polyphon.worker.gpu.fallback").gauge().value()).isEqualTo(where.equals("cpu") ? 1 : 0);
        }
    }

    @Test
    void aCpuWorkerIsNoFallbackAndReportsItsModelsLoadTime() {
        try (OnnxLanguageModel model = load("cpu")) {
            assertThat(registry.get("polyphon.worker.gpu.fallback").gauge().value()).isZero();
            assertThat(registry.get("polyphon.worker.model.load").tags("model", "polyphon-mmm.onnx").gauge().value())
                    .isPositive();
        }
    }
}
