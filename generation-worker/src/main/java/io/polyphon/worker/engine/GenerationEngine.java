package io.polyphon.worker.engine;

import ai.onnxruntime.OrtException;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.grammar.SamplingGrammar;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.plan.Step;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.vocab.Token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates samples of a request: plans the steps once, then runs every step for the whole batch at once. Sample
 * {@code i} draws from its own generator seeded from (request seed, i), so its notes do not depend on the batch or
 * shard it runs in.
 */
public final class GenerationEngine {

    private final OnnxLanguageModel model;
    private final BatchSampler sampler;
    private final AttributeFeatures features;
    private final int maxNewTokens;

    public GenerationEngine(OnnxLanguageModel model) {
        this(model, 0);
    }

    /**
     * @param maxNewTokens most tokens a sample may write in one step (MMM's max_steps); 0 for as many as the
     *                     model's context leaves. The grammar closes the step in time either way.
     */
    public GenerationEngine(OnnxLanguageModel model, int maxNewTokens) {
        this.model = model;
        this.maxNewTokens = maxNewTokens;
        this.sampler = new BatchSampler(model);
        this.features = new AttributeFeatures(model.metadata().densityTable());
    }

    public OnnxLanguageModel model() {
        return model;
    }

    /** Samples {@code first .. first + count - 1} of {@code request} over {@code piece}, in index order. */
    public List<GeneratedSample> generate(Piece piece, GenerationRequest request, int first, int count,
                                          GenerationListener listener) {
        PreparedRequest prepared = PreparedRequest.of(piece, request, model.metadata().modelDim());
        List<Piece> samples = new ArrayList<>(java.util.Collections.nCopies(count, prepared.piece()));
        List<List<GeneratedSample.Step>> traces = new ArrayList<>();
        for (int i = 0; i < count; i++) traces.add(new ArrayList<>());
        List<SplittableRandom> randoms = new ArrayList<>();
        for (int i = 0; i < count; i++) randoms.add(sampleRandom(request.seed(), first + i));
        double[] logProbability = new double[count];
        int total = count * prepared.steps().size();
        int[] done = {0};
        try {
            for (Step step : prepared.steps()) {
                List<StepPrompt> prompts = new ArrayList<>();
                List<int[]> ids = new ArrayList<>();
                List<SamplingGrammar> grammars = new ArrayList<>();
                for (Piece sample : samples) {
                    StepPrompt prompt = StepPrompt.build(sample, step, prepared, features, model.metadata().context());
                    prompts.add(prompt);
                    ids.add(model.vocabulary().ids(prompt.prompt()));
                    int budget = prompt.budget(model.metadata().context());
                    if (maxNewTokens > 0) budget = Math.max(Math.min(budget, maxNewTokens), prompt.minimalCompletion());
                    grammars.add(new SamplingGrammar(prompt.spec(), budget));
                }
                List<BatchSampler.Written> generated = sampler.run(ids, grammars, randoms,
                        s -> listener.progress(++done[0], total));
                for (int i = 0; i < count; i++) {
                    logProbability[i] += generated.get(i).logProbability();
                    List<Token> tokens = Arrays.stream(generated.get(i).ids()).mapToObj(model.vocabulary()::token).toList();
                    samples.set(i, prompts.get(i).splice(samples.get(i), tokens));
                    traces.get(i).add(new GeneratedSample.Step(prompts.get(i).prompt(), tokens));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the model failed while generating: " + e.getMessage(), e);
        }
        List<GeneratedSample> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(new GeneratedSample(first + i, samples.get(i), traces.get(i), logProbability[i]));
        }
        return result;
    }

    /** The generator of sample {@code index} of a job seeded {@code seed}: the same whatever the batch. */
    static SplittableRandom sampleRandom(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }
}
