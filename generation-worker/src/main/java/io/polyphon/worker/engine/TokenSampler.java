package io.polyphon.worker.engine;

import io.polyphon.mmm.grammar.SamplingGrammar;
import io.polyphon.mmm.vocab.Vocabulary;

import java.util.SplittableRandom;

/**
 * Draws a row's next token from its logits under its grammar's mask and temperature, and gives the model's own
 * log-probability of it (softmax at temperature 1, unmasked: the sample's score). One pass finds the maxima, one
 * computes the exponentials both need, shared where the temperature is 1 and the best token is allowed; the scratch
 * arrays are reused, so sampling allocates nothing.
 */
final class TokenSampler {

    private final boolean[] allowed = new boolean[Vocabulary.SIZE];
    private final double[] weights = new double[Vocabulary.SIZE];
    private double logProbability;

    /** The token drawn for the row whose logits start at {@code offset} of {@code logits}. */
    int sample(float[] logits, int offset, SamplingGrammar grammar, Vocabulary vocabulary, SplittableRandom random) {
        grammar.allowed(allowed, vocabulary);
        double temperature = grammar.temperature();
        int size = Vocabulary.SIZE;
        double max = Double.NEGATIVE_INFINITY;
        double maxAllowed = Double.NEGATIVE_INFINITY;
        for (int id = 0; id < size; id++) {
            float logit = logits[offset + id];
            if (logit > max) max = logit;
            if (allowed[id] && logit > maxAllowed) maxAllowed = logit;
        }
        if (maxAllowed == Double.NEGATIVE_INFINITY) throw new IllegalStateException("every token is masked");
        boolean shared = temperature == 1.0 && maxAllowed == max;
        double sumAll = 0;
        double sum = 0;
        for (int id = 0; id < size; id++) {
            double logit = logits[offset + id];
            double e = Math.exp(logit - max);
            sumAll += e;
            if (allowed[id]) {
                double w = shared ? e : Math.exp((logit - maxAllowed) / temperature);
                weights[id] = w;
                sum += w;
            }
        }
        double u = random.nextDouble() * sum;
        int token = -1;
        for (int id = 0; id < size; id++) {
            if (!allowed[id]) continue;
            token = id;
            u -= weights[id];
            if (u < 0) break;
        }
        logProbability = logits[offset + token] - max - Math.log(sumAll);
        return token;
    }

    /** The model's log-probability of the token {@link #sample} drew last. */
    double logProbability() {
        return logProbability;
    }
}
