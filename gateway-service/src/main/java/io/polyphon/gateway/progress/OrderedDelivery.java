package io.polyphon.gateway.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one stream's deliveries in the order they came, on a pool shared by all streams, so a client that stops
 * reading holds up only its own stream, never the consumer of {@code jobs.progress} or the other clients.
 */
final class OrderedDelivery {

    private static final Logger log = LoggerFactory.getLogger(OrderedDelivery.class);

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
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                draining = false;
                queue.clear();
            }
        }
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
            try {
                next.run();
            } catch (RuntimeException e) {
                // one delivery that failed (its client gone, say) must not stop the ones after it
                log.debug("an event could not be delivered", e);
            }
        }
    }
}
