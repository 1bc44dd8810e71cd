package io.polyphon.gateway.progress;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs one stream's deliveries in the order they came, on a pool shared by all streams, so a client that stops
 * reading holds up only its own stream, never the consumer of {@code jobs.progress} or the other clients.
 */
final class OrderedDelivery {

    private final Executor pool;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean draining;

    OrderedDelivery(Executor pool) {
        this.pool = pool;
    }

    void submit(Runnable delivery) {
        synchronized (this) {
            queue.add(delivery);
            if (draining) return;
            draining = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            next.run();
        }
    }
}
