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
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU);
             KvCache empty = model.emptyCache(1)) {
            OnnxLanguageModel.Forward forward = model.forward(longs(prompt), ones(prompt.length), positions(0, prompt.length),
                    1, prompt.length, empty);
            forward.cache().close();
            for (int id = 0; id < python.length; id++) {
                assertThat((double) forward.lastLogits()[0][id]).isCloseTo(python[id], within(1e-3));
            }
        }
    }

    /** Plain argmax decoding, no grammar: what export_onnx.py --golden does in PyTorch. */
    static int[] greedy(OnnxLanguageModel model, int[] prompt, int count) throws Exception {
        int[] out = new int[count];
        KvCache cache = model.emptyCache(1);
        OnnxLanguageModel.Forward forward = model.forward(longs(prompt), ones(prompt.length), positions(0, prompt.length),
                1, prompt.length, cache);
        cache.close();
        int length = prompt.length;
        for (int i = 0; i < count; i++) {
            float[] logits = forward.lastLogits()[0];
            int best = 0;
            for (int id = 1; id < logits.length; id++) if (logits[id] > logits[best]) best = id;
            out[i] = best;
            KvCache past = forward.cache();
            forward = model.forward(new long[]{best}, ones(length + 1), positions(length, 1), 1, 1, past);
            past.close();
            length++;
        }
        forward.cache().close();
        return out;
    }

    private static long[] longs(int[] ids) {
        return Arrays.stream(ids).asLongStream().toArray();
    }

    private static long[] ones(int n) {
        long[] mask = new long[n];
        Arrays.fill(mask, 1);
        return mask;
    }

    private static long[] positions(int from, int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = from + i;
        return p;
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
