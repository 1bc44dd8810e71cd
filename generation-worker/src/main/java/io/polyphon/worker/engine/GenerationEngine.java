package io.polyphon.worker.engine;

import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates samples of requests on one model: work handed to {@link #submit} waits for one of the engine's slots,
 * where each sample runs its steps one after another and its slot goes to the next waiting sample as soon as it is
 * done (interactive work first). Sample {@code i} draws from its own generator seeded from (request seed, i), so its
 * notes depend neither on the slot count nor on what runs beside it.
 */
public final class GenerationEngine implements AutoCloseable {

    /** Slots when none are asked for. */
    public static final int DEFAULT_SLOTS = 32;

    private final OnnxLanguageModel model;
    private final WorkQueue queue = new WorkQueue();
    private final Thread loop;

    public GenerationEngine(OnnxLanguageModel model) {
        this(model, 0);
    }

    /**
     * @param maxNewTokens most tokens a sample may write in one step (MMM's max_steps); 0 for as many as the
     *                     model's context leaves. The grammar closes the step in time either way.
     */
    public GenerationEngine(OnnxLanguageModel model, int maxNewTokens) {
        this(model, maxNewTokens, DEFAULT_SLOTS, true);
    }

    /**
     * @param slots  most samples decoded together
     * @param refill true for continuous batching; false for fixed batches (each batch's samples take every step
     *               together, the next batch starts when one ends), to measure against
     */
    public GenerationEngine(OnnxLanguageModel model, int maxNewTokens, int slots, boolean refill) {
        if (slots < 1) throw new IllegalArgumentException("slots must be positive, not " + slots);
        this.model = model;
        DecodeLoop decode = new DecodeLoop(model, queue, slots, refill, maxNewTokens);
        this.loop = new Thread(() -> {
            try {
                decode.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "decode-loop");
        loop.setDaemon(true);
        loop.start();
    }

    public OnnxLanguageModel model() {
        return model;
    }

    /**
     * Queues samples {@code first .. first + count - 1} of {@code request} over {@code piece}.
     *
     * @param interactive true for work someone waits on: it takes free slots before bulk work
     * @throws io.polyphon.mmm.request.InvalidRequestException when the request does not fit the piece
     */
    public Generation submit(Piece piece, GenerationRequest request, int first, int count, boolean interactive,
                             GenerationListener listener) {
        PreparedRequest prepared = PreparedRequest.of(piece, request, model.metadata().modelDim());
        Generation generation = new Generation(request, prepared, first, count, interactive, listener);
        queue.add(generation);
        return generation;
    }

    /** Samples {@code first .. first + count - 1} of {@code request} over {@code piece}, in index order. */
    public List<GeneratedSample> generate(Piece piece, GenerationRequest request, int first, int count,
                                          GenerationListener listener) {
        Generation generation = submit(piece, request, first, count, true, listener);
        try {
            return generation.all();
        } catch (InterruptedException e) {
            generation.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        }
    }

    /** Stops the decode loop once the slots are empty; work still queued is not started, and fails. */
    @Override
    public void close() {
        queue.close();
    }

    /** The generator of sample {@code index} of a job seeded {@code seed}: the same whatever the batch. */
    static SplittableRandom sampleRandom(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }
}
