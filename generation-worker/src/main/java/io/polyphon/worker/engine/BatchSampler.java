package io.polyphon.worker.engine;

import ai.onnxruntime.OrtException;
import io.polyphon.mmm.grammar.SamplingGrammar;
import io.polyphon.mmm.vocab.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The sampling loop of one step for a whole batch; it reads like nanoGPT's {@code generate()}: forward, mask,
 * temperature, sample with the sample's own seeded generator, append. A prompt the batch shares is run once; finished
 * samples leave the batch (a quarter of it at a time, so the cache is not copied at every finish).
 */
final class BatchSampler {

    private final OnnxLanguageModel model;
    private final Vocabulary vocabulary;

    BatchSampler(OnnxLanguageModel model) {
        this.model = model;
        this.vocabulary = model.vocabulary();
    }

    /**
     * @param prompts  one prompt per sample
     * @param grammars one constraint mask per sample, in the state the prompt leaves it
     * @param randoms  one generator per sample
     * @param finished called with a sample's position in the batch when it completes
     * @return what each sample wrote (prompt excluded)
     */
    List<Written> run(List<int[]> prompts, List<SamplingGrammar> grammars, List<SplittableRandom> randoms,
                      IntConsumer finished) throws OrtException {
        int batch = prompts.size();
        int[] padding = new int[batch];
        int[] length = new int[batch];
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) out.add(new ArrayList<>());
        double[] logProbability = new double[batch];

        Prefilled prefilled = prefill(prompts, padding, length);
        float[][] logits = prefilled.logits();
        KvCache cache = prefilled.cache();
        KvCache prefix = prefilled.prefix();
        int[] rows = new int[batch]; // rows[r]: the sample in row r of the cache
        for (int i = 0; i < batch; i++) rows[i] = i;
        boolean[] allowed = new boolean[Vocabulary.SIZE];
        int live = batch;
        try {
            while (true) {
                int[] next = new int[rows.length];
                for (int r = 0; r < rows.length; r++) {
                    SamplingGrammar grammar = grammars.get(rows[r]);
                    if (grammar.finished()) continue; // a finished row rides along until the next compaction
                    grammar.allowed(allowed, vocabulary);
                    int token = sample(logits[r], allowed, grammar.temperature(), randoms.get(rows[r]));
                    logProbability[rows[r]] += logProbability(logits[r], token);
                    grammar.accept(vocabulary.token(token));
                    out.get(rows[r]).add(token);
                    next[r] = token;
                    if (grammar.finished()) {
                        finished.accept(rows[r]);
                        live--;
                    }
                }
                if (live == 0) break;
                if (live <= rows.length * 3 / 4) { // finished samples leave the batch, a quarter at a time
                    int[] keep = new int[live];
                    for (int r = 0, k = 0; r < rows.length; r++) if (!grammars.get(rows[r]).finished()) keep[k++] = r;
                    KvCache smaller = model.select(cache, keep);
                    cache.close();
                    cache = smaller;
                    int[] keptNext = new int[live];
                    int[] keptRows = new int[live];
                    for (int k = 0; k < live; k++) {
                        keptNext[k] = next[keep[k]];
                        keptRows[k] = rows[keep[k]];
                    }
                    next = keptNext;
                    rows = keptRows;
                }
                OnnxLanguageModel.Forward forward = step(rows, next, padding, length, cache, prefix);
                cache.close();
                cache = forward.cache();
                logits = forward.lastLogits();
            }
        } finally {
            cache.close();
            if (prefix != null) prefix.close();
        }
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            written.add(new Written(out.get(i).stream().mapToInt(Integer::intValue).toArray(), logProbability[i]));
        }
        return written;
    }

    /**
     * What one sample wrote in one step.
     *
     * @param logProbability the sum of the model's own log-probabilities of those tokens (its softmax at temperature
     *                       1, before the grammar's mask): how natural the model finds them, whatever was asked
     */
    record Written(int[] ids, double logProbability) {
    }

    /** Logits after the prompts, each row's cache, and the prompt every row shares (null if none). */
    private record Prefilled(float[][] logits, KvCache cache, KvCache prefix) {
    }

    /**
     * Runs the prompts: once if the batch shares one (its keys and values become a prefix every row reads, or are
     * copied to every row where the graph takes no prefix), else left-padded to the longest.
     */
    private Prefilled prefill(List<int[]> prompts, int[] padding, int[] length) throws OrtException {
        int batch = prompts.size();
        boolean shared = prompts.stream().allMatch(p -> Arrays.equals(p, prompts.get(0)));
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        if (shared) {
            int[] prompt = prompts.get(0);
            long[] ids = Arrays.stream(prompt).asLongStream().toArray();
            long[] mask = new long[prompt.length];
            Arrays.fill(mask, 1);
            long[] positions = new long[prompt.length];
            for (int t = 0; t < positions.length; t++) positions[t] = t;
            Arrays.fill(length, prompt.length);
            try (KvCache empty = model.emptyCache(1)) {
                OnnxLanguageModel.Forward one = model.forward(ids, mask, positions, 1, prompt.length, empty);
                float[][] logits = new float[batch][];
                Arrays.fill(logits, one.lastLogits()[0]);
                if (model.sharesPrefix()) return new Prefilled(logits, model.emptyCache(batch), one.cache());
                try (KvCache single = one.cache()) {
                    return new Prefilled(logits, model.select(single, new int[batch]), null);
                }
            }
        }
        long[] ids = new long[batch * longest];
        long[] mask = new long[batch * longest];
        long[] positions = new long[batch * longest];
        for (int b = 0; b < batch; b++) {
            int[] prompt = prompts.get(b);
            padding[b] = longest - prompt.length;
            length[b] = prompt.length;
            for (int t = 0; t < prompt.length; t++) {
                int at = b * longest + padding[b] + t;
                ids[at] = prompt[t];
                mask[at] = 1;
                positions[at] = t;
            }
        }
        try (KvCache empty = model.emptyCache(batch)) {
            OnnxLanguageModel.Forward all = model.forward(ids, mask, positions, batch, longest, empty);
            return new Prefilled(all.lastLogits(), all.cache(), null);
        }
    }

    /** One decode step: each row's newest token, at its own position, over its own unpadded past. */
    private OnnxLanguageModel.Forward step(int[] rows, int[] tokens, int[] padding, int[] length, KvCache cache,
                                           KvCache prefix) throws OrtException {
        int batch = rows.length;
        int lastPosition = model.metadata().context() - 1;
        int total = (prefix == null ? 0 : prefix.length()) + cache.length() + 1;
        long[] ids = new long[batch];
        long[] mask = new long[batch * total];
        long[] positions = new long[batch];
        for (int k = 0; k < batch; k++) {
            int s = rows[k];
            ids[k] = tokens[k];
            // a finished row rides along until the batch is next made smaller and its logits are ignored, so its
            // position only has to stay inside the model's table: one that ended on the context's last position
            // would otherwise step past it while the others write on
            positions[k] = Math.min(length[s]++, lastPosition);
            Arrays.fill(mask, k * total + padding[s], (k + 1) * total, 1);
        }
        return model.forward(ids, mask, positions, batch, 1, cache, prefix);
    }

    /** log softmax(logits)[token]: the model's log-probability of the token, unmasked, at temperature 1. */
    static double logProbability(float[] logits, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) if (logit > max) max = logit;
        double sum = 0;
        for (float logit : logits) sum += Math.exp(logit - max);
        return logits[token] - max - Math.log(sum);
    }

    /** Draws one token from the allowed ones at the given temperature (masked logits are −∞ before the softmax). */
    static int sample(float[] logits, boolean[] allowed, double temperature, SplittableRandom random) {
        double max = Double.NEGATIVE_INFINITY;
        for (int id = 0; id < logits.length; id++) if (allowed[id] && logits[id] > max) max = logits[id];
        if (max == Double.NEGATIVE_INFINITY) throw new IllegalStateException("every token is masked");
        double[] weights = new double[logits.length];
        double sum = 0;
        for (int id = 0; id < logits.length; id++) {
            if (allowed[id]) {
                weights[id] = Math.exp((logits[id] - max) / temperature);
                sum += weights[id];
            }
        }
        double u = random.nextDouble() * sum;
        int last = -1;
        for (int id = 0; id < logits.length; id++) {
            if (!allowed[id]) continue;
            last = id;
            u -= weights[id];
            if (u < 0) return id;
        }
        return last;
    }
}
