package io.polyphon.worker.engine;

import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.vocab.Token;

import java.util.List;

/**
 * One finished sample: its index in the job, the piece, and each step's prompt and what the model wrote after it,
 * kept so a test or a curious user can see exactly what was asked and answered.
 *
 * @param logProbability the model's log-probability of every token it wrote, summed over the steps (unmasked, at
 *                       temperature 1)
 */
public record GeneratedSample(int index, Piece piece, List<Step> steps, double logProbability) {

    /** One model call: the prompt, and the tokens generated after it. */
    public record Step(List<Token> prompt, List<Token> generated) {

        /** The whole sequence the model saw and wrote. */
        public List<Token> all() {
            List<Token> all = new java.util.ArrayList<>(prompt);
            all.addAll(generated);
            return all;
        }
    }

    /** Tokens the model wrote for this sample, over all steps. */
    public int generatedTokens() {
        return steps.stream().mapToInt(s -> s.generated().size()).sum();
    }

    /**
     * How natural the model found what it wrote, 0..1: the geometric mean of its tokens' probabilities. Comparable
     * between samples of one request, so a batch can be auditioned best first.
     */
    public double score() {
        int tokens = generatedTokens();
        return tokens == 0 ? 1.0 : Math.exp(logProbability / tokens);
    }
}
