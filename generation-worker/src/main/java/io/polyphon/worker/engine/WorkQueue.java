package io.polyphon.worker.engine;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Samples waiting for a slot: interactive ones first, then bulk in the order their work came. A bulk sample that gave
 * its slot up between two steps waits at the front of its lane, so it goes on before new bulk work starts.
 */
final class WorkQueue {

    private final Deque<SampleRun> interactive = new ArrayDeque<>();
    private final Deque<SampleRun> bulk = new ArrayDeque<>();
    private boolean closed;

    synchronized void add(Generation generation) {
        Deque<SampleRun> lane = generation.interactive() ? interactive : bulk;
        for (int i = 0; i < generation.count(); i++) lane.addLast(new SampleRun(generation, generation.first() + i));
        notifyAll();
    }

    /** A sample in the middle of its steps, back in the queue to let interactive work have its slot. */
    synchronized void putBack(SampleRun run) {
        (run.generation.interactive() ? interactive : bulk).addFirst(run);
    }

    /** The next sample to start, or null if none waits. Samples of cancelled work are dropped on the way. */
    synchronized SampleRun poll() {
        if (closed) return null;
        SampleRun next = pollLive(interactive);
        return next != null ? next : pollLive(bulk);
    }

    synchronized boolean interactiveWaiting() {
        dropCancelled(interactive);
        return !interactive.isEmpty();
    }

    /** Waits until a sample waits; null once closed. */
    synchronized SampleRun take() throws InterruptedException {
        while (!closed) {
            SampleRun next = poll();
            if (next != null) return next;
            wait();
        }
        return null;
    }

    /** No more work starts; the samples still waiting fail, so no one waits on them for ever. */
    synchronized void close() {
        closed = true;
        IllegalStateException closing = new IllegalStateException("the engine is closing");
        Set<Generation> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Deque<SampleRun> lane : List.of(interactive, bulk)) {
            for (SampleRun run : lane) if (failed.add(run.generation)) run.generation.failed(closing);
            lane.clear();
        }
        notifyAll();
    }

    private static SampleRun pollLive(Deque<SampleRun> lane) {
        dropCancelled(lane);
        return lane.pollFirst();
    }

    private static void dropCancelled(Deque<SampleRun> lane) {
        while (!lane.isEmpty() && lane.peekFirst().generation.cancelled()) lane.pollFirst();
    }
}
