package io.polyphon.worker.gpu;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.polyphon.worker.engine.Device;
import io.polyphon.worker.engine.EngineRow;
import io.polyphon.worker.engine.OnnxLanguageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundled model (model/polyphon-mmm.onnx) run through the I/O binding on the CPU against the engine's own
 * {@code OnnxLanguageModel.run}: a prompt, then decode steps over the same bound cache, each step's logits within 1e-5.
 */
class IoBoundSessionTest {

    /** The prompt model/golden.json starts from: track-mode start, 4/4. */
    private static final long[] PROMPT = {0, 152, 2, 43, 615, 616, 637, 640, 5, 20};
    private static final int CAPACITY = 32;
    private static final float TOLERANCE = 1e-5f;

    private static OnnxLanguageModel engine;
    private static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        Path model = Path.of(System.getProperty("polyphon.home", "..")).resolve("model").resolve("polyphon-mmm.onnx");
        engine = OnnxLanguageModel.load(model, Device.CPU);
        // a second session of the same file with the engine's options, for the binding
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
        session = OrtEnvironment.getEnvironment().createSession(model.toString(), options);
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
        engine.close();
    }

    @Test
    void promptThroughTheBindingGivesTheEnginesLogits() throws Exception {
        try (EngineRow reference = new EngineRow(engine, CAPACITY); IoBoundSession bound = open(IoBoundSession.Memory.host())) {
            assertClose(prompt(bound), reference.run(PROMPT, 0));
        }
    }

    @Test
    void decodeStepOverTheBoundCacheGivesTheEnginesLogits() throws Exception {
        try (EngineRow reference = new EngineRow(engine, CAPACITY); IoBoundSession bound = open(IoBoundSession.Memory.host())) {
            reference.run(PROMPT, 0);
            long token = argmax(prompt(bound));
            assertClose(step(bound, token, PROMPT.length), reference.run(new long[]{token}, PROMPT.length));
        }
    }

    @Test
    void secondDecodeStepReusesTheBoundBuffersAndStillMatches() throws Exception {
        try (EngineRow reference = new EngineRow(engine, CAPACITY); IoBoundSession bound = open(IoBoundSession.Memory.host())) {
            reference.run(PROMPT, 0);
            long first = argmax(prompt(bound));
            long cacheAt = bound.cacheKeysAddress(0);
            float[] engineFirst = reference.run(new long[]{first}, PROMPT.length);
            float[] boundFirst = step(bound, first, PROMPT.length);
            assertClose(boundFirst, engineFirst);

            long second = argmax(boundFirst);
            // and the tokens are PyTorch's greedy ones (model/golden.json), so the logits are no trivial agreement
            assertThat(new long[]{first, second}).containsExactly(602, 6);
            assertClose(step(bound, second, PROMPT.length + 1), reference.run(new long[]{second}, PROMPT.length + 1));
            // the pool and cache were bound once, at open, and the cache is the same memory it was then
            assertThat(bound.cacheBindings()).isEqualTo(1);
            assertThat(bound.cacheKeysAddress(0)).isEqualTo(cacheAt);
        }
    }

    @Test
    void outputsAreWrittenIntoTheBuffersTheBindingOwns() throws Exception {
        try (IoBoundSession bound = open(IoBoundSession.Memory.host())) {
            long token = argmax(prompt(bound));
            step(bound, token, PROMPT.length);
            long[] outputs = bound.boundOutputAddresses();
            // logits, then new_key_values.0.key: ONNX Runtime wrote into the binding's buffers, allocated nothing
            assertThat(outputs[1]).isEqualTo(bound.freshKeysAddress(0));
        }
    }

    @Test
    void sessionAllocatorMemoryOnTheCpuGivesTheSameLogits() throws Exception {
        try (EngineRow reference = new EngineRow(engine, CAPACITY);
             IoBoundSession bound = open(IoBoundSession.Memory.device("Cpu", 0))) {
            reference.run(PROMPT, 0);
            long token = argmax(prompt(bound));
            assertClose(step(bound, token, PROMPT.length), reference.run(new long[]{token}, PROMPT.length));
        }
    }

    @Test
    void deviceMemoryOfAProviderTheSessionLacksIsRefusedWithOnnxRuntimesMessage() {
        assertThatThrownBy(() -> open(IoBoundSession.Memory.device("Cuda", 0)).close())
                .isInstanceOf(OrtCallException.class)
                .hasMessageContaining("CreateAllocator")
                .hasMessageContaining("No requested allocator available");
    }

    private static IoBoundSession open(IoBoundSession.Memory memory) {
        return IoBoundSession.open(session, engine.metadata(), 1, CAPACITY, 1, PROMPT.length, memory);
    }

    /** The prompt into an empty cache, its keys and values then written at positions [0, prompt). */
    private static float[] prompt(IoBoundSession bound) {
        long[] positions = new long[PROMPT.length];
        for (int t = 0; t < positions.length; t++) positions[t] = t;
        float[] logits = bound.run(PROMPT, positions, PROMPT.length, new long[]{0}, new long[]{0}, new long[]{0},
                new long[]{PROMPT.length - 1});
        bound.writeFresh(0, 0, 0, PROMPT.length);
        return logits;
    }

    /** One decode step of {@code token} at position {@code at}, its keys and values then written there. */
    private static float[] step(IoBoundSession bound, long token, int at) {
        float[] logits = bound.run(new long[]{token}, new long[]{at}, 1, new long[]{0}, new long[]{0}, new long[]{at},
                new long[]{0});
        bound.writeFresh(0, at, 0, 1);
        return logits;
    }

    private static long argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        float worst = 0;
        for (int i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        assertThat(worst).as("largest logit difference").isLessThanOrEqualTo(TOLERANCE);
    }
}
