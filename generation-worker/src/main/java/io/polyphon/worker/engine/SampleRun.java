package io.polyphon.worker.engine;

import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.grammar.SamplingGrammar;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One sample on its way through its request's steps: the piece so far, its own seeded generator, and the step it is
 * writing. Its notes depend on nothing else, so neither the slot it runs in nor its neighbours change them.
 */
final class SampleRun {

    /** The rows writing one step of one request: the prompts of that step share the most, so they share a pool segment. */
    record StepGroup(Generation generation, int step) {
    }

    final Generation generation;
    final int index;
    final SplittableRandom random;
    private Piece piece;
    private int step;
    private double logProbability;
    private final List<GeneratedSample.Step> trace = new ArrayList<>();

    private StepPrompt prompt;
    private int[] promptIds;
    private SamplingGrammar grammar;
    private int[] written = new int[64];
    private int writtenCount;

    SampleRun(Generation generation, int index) {
        this.generation = generation;
        this.index = index;
        this.random = GenerationEngine.sampleRandom(generation.request().seed(), index);
        this.piece = generation.prepared().piece();
    }

    /** Sets up the next step's prompt and grammar; false when every step is written. */
    boolean beginStep(AttributeFeatures features, Vocabulary vocabulary, int context, int maxNewTokens) {
        if (step == generation.prepared().steps().size()) return false;
        prompt = StepPrompt.build(piece, generation.prepared().steps().get(step), generation.prepared(), features, context);
        promptIds = vocabulary.ids(prompt.prompt());
        int budget = prompt.budget(context);
        if (maxNewTokens > 0) budget = Math.max(Math.min(budget, maxNewTokens), prompt.minimalCompletion());
        grammar = new SamplingGrammar(prompt.spec(), budget);
        writtenCount = 0;
        return true;
    }

    StepGroup group() {
        return new StepGroup(generation, step);
    }

    int[] promptIds() {
        return promptIds;
    }

    SamplingGrammar grammar() {
        return grammar;
    }

    /** Appends a sampled token: the grammar moves on, and the model's log-probability of it adds to the score. */
    void accept(int token, double tokenLogProbability, Vocabulary vocabulary) {
        grammar.accept(vocabulary.token(token));
        logProbability += tokenLogProbability;
        if (writtenCount == written.length) written = Arrays.copyOf(written, written.length * 2);
        written[writtenCount++] = token;
    }

    /** Writes the finished step into the piece; the sample moves to its next step. */
    void endStep(Vocabulary vocabulary) {
        List<Token> tokens = new ArrayList<>(writtenCount);
        for (int i = 0; i < writtenCount; i++) tokens.add(vocabulary.token(written[i]));
        piece = prompt.splice(piece, tokens);
        trace.add(new GeneratedSample.Step(prompt.prompt(), tokens));
        step++;
        prompt = null;
        promptIds = null;
        grammar = null;
    }

    GeneratedSample result() {
        return new GeneratedSample(index, piece, List.copyOf(trace), logProbability);
    }
}
