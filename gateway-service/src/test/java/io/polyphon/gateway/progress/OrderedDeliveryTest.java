package io.polyphon.gateway.progress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each client's events are written in order, and a client that stops reading holds up no one else. */
@Timeout(30)
class OrderedDeliveryTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aStreamsEventsAreWrittenInTheOrderTheyCame() throws Exception {
        OrderedDelivery delivery = new OrderedDelivery(pool);
        List<Integer> written = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            int event = i;
            delivery.submit(() -> {
                written.add(event);
                all.countDown();
            });
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(written).isSorted().hasSize(1000);
    }

    @Test
    void aDeliveryThatFailsDoesNotStopTheOnesAfterIt() throws Exception {
        OrderedDelivery delivery = new OrderedDelivery(pool);
        CountDownLatch after = new CountDownLatch(1);
        delivery.submit(() -> {
            throw new IllegalStateException("the client went away");
        });
        delivery.submit(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aClientThatStopsReadingDoesNotHoldUpAnother() throws Exception {
        OrderedDelivery stalled = new OrderedDelivery(pool);
        OrderedDelivery reading = new OrderedDelivery(pool);
        CountDownLatch released = new CountDownLatch(1);
        stalled.submit(() -> {
            try {
                released.await(); // a write blocked on a full socket
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CountDownLatch delivered = new CountDownLatch(1);
        reading.submit(delivered::countDown);
        assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
        released.countDown();
    }
}
