package io.polyphon.worker.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The golden file model/export_onnx.py wrote (prompt, PyTorch's greedy tokens) against ONNX Runtime in Java. */
class GoldenFileTest {

    @Test
    void javaReproducesPythonsGreedyTokensWithTheBundledModel() throws Exception {
        String golden = Files.readString(TestModels.home().resolve("model").resolve("golden.json"));
        int[] prompt = ints(golden, "prompt");
        int[] expected = ints(golden, "greedy");
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            int[] greedy = greedy(model, prompt, expected.length);
            assertThat(greedy).containsExactly(expected);
        }
    }

    @Test
    void firstStepLogitsMatchPyTorchsToFloatPrecision() throws Exception {
        String golden = Files.readString(TestModels.home().resolve("model").resolve("golden.json"));
        int[] prompt = ints(golden, "prompt");
        double[] python = doubles(golden, "logits_first_step");
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            float[] logits = new Greedy(model, prompt.length + 1).run(prompt, 0).logits();
            for (int id = 0; id < python.length; id++) {
                assertThat((double) logits[id]).isCloseTo(python[id], within(1e-3));
            }
        }
    }

    /** Plain argmax decoding, no grammar: what export_onnx.py --golden does in PyTorch. */
    static int[] greedy(OnnxLanguageModel model, int[] prompt, int count) throws Exception {
        Greedy decoder = new Greedy(model, prompt.length + count);
        OnnxLanguageModel.Output out = decoder.run(prompt, 0);
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) {
            float[] logits = out.logits();
            int best = 0;
            for (int id = 1; id < logits.length; id++) if (logits[id] > logits[best]) best = id;
            tokens[i] = best;
            out = decoder.run(new int[]{best}, prompt.length + i);
        }
        return tokens;
    }

    /** One row over the engine's buffers: an empty pool (one masked position) and its own cache, written in place. */
    private record Greedy(OnnxLanguageModel model, KvBuffers pool, KvBuffers cache) {

        Greedy(OnnxLanguageModel model, int positions) {
            this(model, model.buffers(1, 1), model.buffers(1, positions));
        }

        OnnxLanguageModel.Output run(int[] ids, int at) throws Exception {
            long[] positions = new long[ids.length];
            for (int t = 0; t < ids.length; t++) positions[t] = at + t;
            OnnxLanguageModel.Output out = model.run(longs(ids), positions, 1, ids.length, new long[]{0}, new long[]{0},
                    new long[]{at}, new long[]{ids.length - 1}, pool, cache, 0);
            cache.write(0, at, out.fresh(), 0, ids.length);
            return out;
        }
    }

    private static long[] longs(int[] ids) {
        return Arrays.stream(ids).asLongStream().toArray();
    }

    private static String array(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static int[] ints(String json, String key) {
        String body = array(json, key).trim();
        return body.isEmpty() ? new int[0] : Arrays.stream(body.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] doubles(String json, String key) {
        return Arrays.stream(array(json, key).split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }
}
