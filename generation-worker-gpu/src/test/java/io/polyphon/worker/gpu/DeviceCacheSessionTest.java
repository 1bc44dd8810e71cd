package io.polyphon.worker.gpu;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.polyphon.mmm.vocab.Vocabulary;
import io.polyphon.worker.engine.Device;
import io.polyphon.worker.engine.EngineRow;
import io.polyphon.worker.engine.ModelMetadata;
import io.polyphon.worker.engine.OnnxLanguageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundled model's weights in the {@code device-cache-1} graph (src/test/resources/polyphon-mmm-device-cache.onnx,
 * {@code export_onnx.py --device-cache}) run through the I/O binding with {@code cache_out} bound to the cache itself,
 * so the runs write the cache and the host writes nothing; held to the engine's own path ({@code OnnxLanguageModel.run}
 * plus {@code KvBuffers.write} on the bundled {@code in-place-cache-1} model) and to PyTorch's greedy tokens.
 */
class DeviceCacheSessionTest {

    /** The prompt model/golden.json starts from: track-mode start, 4/4. */
    private static final long[] PROMPT = {0, 152, 2, 43, 615, 616, 637, 640, 5, 20};
    private static final float TOLERANCE = 1e-5f;

    private static Path home;
    private static OnnxLanguageModel engine;
    private static OrtSession session;
    private static ModelMetadata metadata;

    @BeforeAll
    static void load() throws Exception {
        home = Path.of(System.getProperty("polyphon.home", ".."));
        engine = OnnxLanguageModel.load(home.resolve("model").resolve("polyphon-mmm.onnx"), Device.CPU);
        Path model = Path.of(DeviceCacheSessionTest.class.getResource("/polyphon-mmm-device-cache.onnx").toURI());
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
        session = OrtEnvironment.getEnvironment().createSession(model.toString(), options);
        metadata = ModelMetadata.from(session.getMetadata().getCustomMetadata());
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
        engine.close();
    }

    @Test
    void theDeviceCacheGraphIsBoundAsOneThatWritesItsCache() {
        try (IoBoundSession bound = open(1, 16, PROMPT.length, IoBoundSession.Memory.host())) {
            assertThat(bound.writesCache()).isTrue();
            assertThatThrownBy(() -> bound.writeFresh(0, 0, 0, 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void decodeStepsOverTheCacheTheGraphWritesGiveTheEnginesLogits() throws Exception {
        try (EngineRow reference = new EngineRow(engine, 32); IoBoundSession bound = open(1, 32, PROMPT.length, IoBoundSession.Memory.host())) {
            float[] logits = row(bound, PROMPT, 0);
            assertClose(logits, reference.run(PROMPT, 0));
            for (int at = PROMPT.length; at < PROMPT.length + 6; at++) {
                long token = argmax(logits, 0);
                logits = row(bound, new long[]{token}, at); // nothing written by the host in between
                assertClose(logits, reference.run(new long[]{token}, at));
            }
        }
    }

    @Test
    void greedyTokensThroughTheWrittenCacheArePyTorchs() throws Exception {
        long[] golden = goldenGreedy();
        try (IoBoundSession bound = open(1, PROMPT.length + golden.length, PROMPT.length, IoBoundSession.Memory.host())) {
            long[] tokens = new long[golden.length];
            float[] logits = row(bound, PROMPT, 0);
            for (int i = 0; i < golden.length; i++) {
                tokens[i] = argmax(logits, 0);
                if (i + 1 < golden.length) logits = row(bound, new long[]{tokens[i]}, PROMPT.length + i);
            }
            assertThat(tokens).containsExactly(golden);
        }
    }

    @Test
    void rowsAtDifferentCacheLengthsMatchTheEngineRowByRow() throws Exception {
        long[][] prompts = {PROMPT, Arrays.copyOfRange(PROMPT, 0, 6), Arrays.copyOfRange(PROMPT, 2, 5)};
        int capacity = 16;
        try (EngineRow first = new EngineRow(engine, capacity); EngineRow second = new EngineRow(engine, capacity);
             EngineRow third = new EngineRow(engine, capacity);
             IoBoundSession bound = open(3, capacity, PROMPT.length, IoBoundSession.Memory.host())) {
            List<EngineRow> reference = List.of(first, second, third);
            long[] lengths = {0, 0, 0};
            // one right-padded prompt run of all three rows, then decode steps at cache lengths 10, 6 and 3 onwards
            long[][] ran = prompts;
            float[] logits = rows(bound, ran, lengths);
            for (int step = 0; step <= 4; step++) {
                long[][] next = new long[3][];
                for (int b = 0; b < 3; b++) {
                    float[] mine = Arrays.copyOfRange(logits, b * Vocabulary.SIZE, (b + 1) * Vocabulary.SIZE);
                    assertClose(mine, reference.get(b).run(ran[b], (int) lengths[b]));
                    lengths[b] += ran[b].length;
                    next[b] = new long[]{argmax(logits, b)};
                }
                ran = next;
                if (step < 4) logits = rows(bound, ran, lengths);
            }
        }
    }

    @Test
    void aRunWritesOnlyItsNewPositionsIntoTheBoundCache() {
        int capacity = 16;
        try (IoBoundSession bound = open(1, capacity, PROMPT.length, IoBoundSession.Memory.host())) {
            long token = argmax(row(bound, PROMPT, 0), 0);
            float[] before = bound.cacheKeys(0);
            row(bound, new long[]{token}, PROMPT.length);
            float[] after = bound.cacheKeys(0);
            int headSize = metadata.headSize();
            for (int h = 0; h < metadata.heads(); h++) {
                for (int p = 0; p < capacity; p++) {
                    int at = (h * capacity + p) * headSize;
                    float[] was = Arrays.copyOfRange(before, at, at + headSize);
                    float[] is = Arrays.copyOfRange(after, at, at + headSize);
                    if (p == PROMPT.length) {
                        assertThat(is).as("head %d, the new position", h).isNotEqualTo(was);
                    } else {
                        assertThat(is).as("head %d, position %d", h, p).isEqualTo(was);
                    }
                }
            }
        }
    }

    @Test
    void cacheOutIsTheBoundCacheItselfSoNothingIsAllocatedOrCopiedForIt() {
        try (IoBoundSession bound = open(1, 16, PROMPT.length, IoBoundSession.Memory.host())) {
            long token = argmax(row(bound, PROMPT, 0), 0);
            row(bound, new long[]{token}, PROMPT.length);
            long[] outputs = bound.boundOutputAddresses();
            // logits, then cache_out.{l}.key and .value per layer; new_key_values are not bound at all
            assertThat(outputs).hasSize(1 + 2 * metadata.layers());
            for (int l = 0; l < metadata.layers(); l++) {
                assertThat(outputs[1 + 2 * l]).as("cache_out.%d.key", l).isEqualTo(bound.cacheKeysAddress(l));
            }
            assertThat(bound.cacheBindings()).isEqualTo(1);
        }
    }

    @Test
    void aRunPastTheCapacityIsRefusedAndLeavesTheCacheAsItWas() throws Exception {
        int capacity = PROMPT.length + 2;
        try (EngineRow reference = new EngineRow(engine, capacity);
             IoBoundSession bound = open(1, capacity, PROMPT.length, IoBoundSession.Memory.host())) {
            long token = argmax(row(bound, PROMPT, 0), 0);
            reference.run(PROMPT, 0);
            float[] before = bound.cacheKeys(0);
            long[] three = {token, token, token};
            assertThatThrownBy(() -> row(bound, three, PROMPT.length))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capacity " + capacity);
            assertThat(bound.cacheKeys(0)).isEqualTo(before);
            // and the binding runs on as if the refused run had never been asked for
            assertClose(row(bound, new long[]{token}, PROMPT.length), reference.run(new long[]{token}, PROMPT.length));
        }
    }

    @Test
    void theGraphItselfKeepsWritesPastTheCapacityInsideTheBuffer() throws Exception {
        // no binding: the Java API hands the graph a cache of capacity 4 holding 3 positions and 3 new tokens, so
        // positions 3, 4, 5 are asked for; ONNX Runtime's CPU ScatterND fails on an index outside the buffer, and a
        // device one would write there, so the graph must clamp them to the run's last position (3, not the trace's)
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int heads = metadata.heads(), headSize = metadata.headSize(), capacity = 4;
        Random random = new Random(7);
        float[] garbage = new float[heads * capacity * headSize];
        for (int i = 0; i < garbage.length; i++) garbage[i] = random.nextFloat();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", longs(env, new long[]{5, 20, 602}, 1, 3));
            inputs.put("position_ids", longs(env, new long[]{3, 4, 5}, 1, 3));
            inputs.put("prefix_start", longs(env, new long[]{0}, 1));
            inputs.put("prefix_end", longs(env, new long[]{0}, 1));
            inputs.put("cache_length", longs(env, new long[]{3}, 1));
            inputs.put("last_token", longs(env, new long[]{2}, 1));
            for (int l = 0; l < metadata.layers(); l++) {
                for (String kind : new String[]{"key", "value"}) {
                    inputs.put("prefix_key_values." + l + "." + kind,
                            OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[heads * headSize]), new long[]{1, heads, 1, headSize}));
                    inputs.put("cache_key_values." + l + "." + kind,
                            OnnxTensor.createTensor(env, FloatBuffer.wrap(garbage.clone()), new long[]{1, heads, capacity, headSize}));
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[] out = floats(result.get("cache_out.0.key").orElseThrow());
                float[] fresh = floats(result.get("new_key_values.0.key").orElseThrow());
                assertThat(out).hasSameSizeAs(garbage);
                for (int h = 0; h < heads; h++) {
                    int row = h * capacity * headSize;
                    assertThat(Arrays.copyOfRange(out, row, row + 3 * headSize)).as("head %d, positions 0..2", h)
                            .isEqualTo(Arrays.copyOfRange(garbage, row, row + 3 * headSize));
                    float[] last = Arrays.copyOfRange(out, row + 3 * headSize, row + 4 * headSize);
                    boolean oneOfTheNewKeys = false;
                    for (int t = 0; t < 3; t++) {
                        int key = (h * 3 + t) * headSize;
                        oneOfTheNewKeys |= Arrays.equals(last, Arrays.copyOfRange(fresh, key, key + headSize));
                    }
                    assertThat(oneOfTheNewKeys).as("head %d, position 3 holds one of the new keys", h).isTrue();
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Test
    void sessionAllocatorMemoryOnTheCpuGivesTheSameLogits() throws Exception {
        try (EngineRow reference = new EngineRow(engine, 16);
             IoBoundSession bound = open(1, 16, PROMPT.length, IoBoundSession.Memory.device("Cpu", 0))) {
            long token = argmax(row(bound, PROMPT, 0), 0);
            reference.run(PROMPT, 0);
            assertClose(row(bound, new long[]{token}, PROMPT.length), reference.run(new long[]{token}, PROMPT.length));
        }
    }

    private static IoBoundSession open(int rows, int capacity, int maxSteps, IoBoundSession.Memory memory) {
        return IoBoundSession.open(session, metadata, rows, capacity, 1, maxSteps, memory);
    }

    /** One row's tokens at positions [at, at + tokens): the graph writes them into the cache; the logits. */
    private static float[] row(IoBoundSession bound, long[] tokens, int at) {
        return rows(bound, new long[][]{tokens}, new long[]{at});
    }

    /**
     * Each row's tokens after its {@code lengths[b]} written positions, right-padded (id 0, its last position) to
     * the longest, each read at its last real token; the logits, row after row.
     */
    private static float[] rows(IoBoundSession bound, long[][] tokens, long[] lengths) {
        int n = tokens.length;
        int steps = Arrays.stream(tokens).mapToInt(t -> t.length).max().orElseThrow();
        long[] ids = new long[n * steps];
        long[] positions = new long[n * steps];
        long[] last = new long[n];
        for (int b = 0; b < n; b++) {
            for (int t = 0; t < steps; t++) {
                ids[b * steps + t] = t < tokens[b].length ? tokens[b][t] : 0;
                positions[b * steps + t] = lengths[b] + Math.min(t, tokens[b].length - 1);
            }
            last[b] = tokens[b].length - 1;
        }
        return bound.run(ids, positions, steps, new long[n], new long[n], lengths.clone(), last);
    }

    /** model/golden.json's "greedy": PyTorch's tokens after the prompt. */
    private static long[] goldenGreedy() throws Exception {
        String json = Files.readString(home.resolve("model").resolve("golden.json"));
        Matcher m = Pattern.compile("\"greedy\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        assertThat(m.find()).as("golden.json has a greedy list").isTrue();
        return Arrays.stream(m.group(1).split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    private static OnnxTensor longs(OrtEnvironment env, long[] values, long... shape) throws Exception {
        return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
    }

    private static float[] floats(Object value) {
        FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static long argmax(float[] logits, int row) {
        int from = row * Vocabulary.SIZE;
        int best = from;
        for (int i = from + 1; i < from + Vocabulary.SIZE; i++) if (logits[i] > logits[best]) best = i;
        return best - from;
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        float worst = 0;
        for (int i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        assertThat(worst).as("largest logit difference").isLessThanOrEqualTo(TOLERANCE);
    }
}
