package io.polyphon.worker.engine;

import io.polyphon.mmm.request.GenerationRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Samples {@code first .. first + count - 1} of one request, handed to the engine's slots: each one comes out of
 * {@link #next} as soon as it is finished, in whatever order the slots finish them.
 */
public final class Generation {

    private final GenerationRequest request;
    private final PreparedRequest prepared;
    private final int first;
    private final int count;
    private final boolean interactive;
    private final GenerationListener listener;
    private final BlockingQueue<Object> finished = new LinkedBlockingQueue<>();
    private final int totalSteps;
    private int doneSteps;
    private int taken;
    private volatile boolean cancelled;

    Generation(GenerationRequest request, PreparedRequest prepared, int first, int count,
               boolean interactive, GenerationListener listener) {
        this.request = request;
        this.prepared = prepared;
        this.first = first;
        this.count = count;
        this.interactive = interactive;
        this.listener = listener;
        this.totalSteps = count * prepared.steps().size();
    }

    GenerationRequest request() {
        return request;
    }

    PreparedRequest prepared() {
        return prepared;
    }

    int first() {
        return first;
    }

    public int count() {
        return count;
    }

    /** Interactive work takes free slots before bulk work. */
    boolean interactive() {
        return interactive;
    }

    /**
     * The next finished sample, waiting for it as long as it takes.
     *
     * @throws IllegalStateException when the model failed on this work
     */
    public GeneratedSample next() throws InterruptedException {
        if (taken == count) throw new IllegalStateException("all " + count + " samples were taken");
        Object item = finished.take();
        return delivered(item);
    }

    private GeneratedSample delivered(Object item) {
        if (item instanceof RuntimeException failure) {
            finished.add(failure); // every later call fails the same way
            throw failure;
        }
        taken++;
        return (GeneratedSample) item;
    }

    /** Every sample, in index order, waiting for them all. */
    public List<GeneratedSample> all() throws InterruptedException {
        List<GeneratedSample> all = new ArrayList<>();
        while (taken < count) all.add(next());
        all.sort(Comparator.comparingInt(GeneratedSample::index));
        return all;
    }

    /** Stops the work: samples not yet finished are dropped from the slots and the queue. */
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Called by the decode loop's thread when a sample has finished a step. */
    void stepDone() {
        listener.progress(++doneSteps, totalSteps);
    }

    void finished(GeneratedSample sample) {
        finished.add(sample);
    }

    void failed(RuntimeException failure) {
        cancelled = true; // its samples still waiting are dropped: the caller retries the work as a whole
        finished.add(failure);
    }
}
