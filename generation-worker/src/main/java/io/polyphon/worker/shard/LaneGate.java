package io.polyphon.worker.shard;

import io.polyphon.contract.Lane;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admits one shard at a time to the engine, interactive first. Each lane has its own consumer thread; both enter
 * here before they run a shard. A bulk shard does not start while an interactive shard runs or waits, and a running
 * bulk shard steps aside between its batches when interactive work has arrived ({@link #yieldToInteractive}), so an
 * interactive shard waits for at most one bulk batch. One shard at a time is also what the accelerator wants: a
 * second batch beside the first only splits its time.
 *
 * <p>Waits are uninterruptible on purpose: a shard abandoned by an interrupt would throw, be retried and could land
 * in the dead-letter topic, whereas a shard that simply waits is either finished or, if the process dies, left
 * uncommitted for another worker.
 */
final class LaneGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Lane, Integer> waiting = new EnumMap<>(Map.of(Lane.INTERACTIVE, 0, Lane.BULK, 0));
    private boolean busy;

    /** Waits until a shard of {@code lane} may run, and takes the engine. */
    void enter(Lane lane) {
        lock.lock();
        try {
            awaitTurn(lane);
        } finally {
            lock.unlock();
        }
    }

    /** Gives the engine back. */
    void leave() {
        lock.lock();
        try {
            busy = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Between batches of a bulk shard: lets waiting interactive shards run first, then takes the engine back. */
    void yieldToInteractive() {
        lock.lock();
        try {
            if (waiting.get(Lane.INTERACTIVE) == 0) return;
            busy = false;
            changed.signalAll();
            awaitTurn(Lane.BULK);
        } finally {
            lock.unlock();
        }
    }

    /** Shards of {@code lane} waiting for the engine now. */
    int waiting(Lane lane) {
        lock.lock();
        try {
            return waiting.get(lane);
        } finally {
            lock.unlock();
        }
    }

    private void awaitTurn(Lane lane) {
        waiting.merge(lane, 1, Integer::sum);
        while (busy || (lane == Lane.BULK && waiting.get(Lane.INTERACTIVE) > 0)) changed.awaitUninterruptibly();
        waiting.merge(lane, -1, Integer::sum);
        busy = true;
    }
}
