package io.polyphon.worker.shard;

import io.polyphon.contract.Lane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The lane gate admits one shard at a time, interactive before bulk. */
@Timeout(60)
class LaneGateTest {

    private final LaneGate gate = new LaneGate();
    private final List<Lane> admitted = new CopyOnWriteArrayList<>();

    @Test
    void waitingInteractiveWorkIsAdmittedBeforeBulkWorkThatWaitedLonger() throws InterruptedException {
        gate.enter(Lane.BULK);
        Thread bulk = start(Lane.BULK);
        awaitWaiting(Lane.BULK, 1);
        Thread interactive = start(Lane.INTERACTIVE);
        awaitWaiting(Lane.INTERACTIVE, 1);

        gate.leave();
        bulk.join();
        interactive.join();

        assertThat(admitted).containsExactly(Lane.INTERACTIVE, Lane.BULK);
    }

    @Test
    void aRunningBulkShardStepsAsideForInteractiveWorkAndThenResumes() throws InterruptedException {
        gate.enter(Lane.BULK);
        Thread interactive = start(Lane.INTERACTIVE);
        awaitWaiting(Lane.INTERACTIVE, 1);

        gate.yieldToInteractive();
        admitted.add(Lane.BULK);
        gate.leave();
        interactive.join();

        assertThat(admitted).containsExactly(Lane.INTERACTIVE, Lane.BULK);
    }

    @Test
    void bulkKeepsTheEngineBetweenBatchesWhenNoInteractiveWorkWaits() {
        gate.enter(Lane.BULK);
        gate.yieldToInteractive();
        assertThat(gate.waiting(Lane.BULK)).isZero();
        gate.leave();
    }

    /** A thread that enters for {@code lane}, notes that it was admitted, and leaves. */
    private Thread start(Lane lane) {
        Thread thread = new Thread(() -> {
            gate.enter(lane);
            admitted.add(lane);
            gate.leave();
        }, lane.name());
        thread.start();
        return thread;
    }

    /** Waits (without a deadline: the test's own timeout applies) until {@code count} shards of a lane wait. */
    static void awaitWaiting(java.util.function.IntSupplier waiting, int count) {
        while (waiting.getAsInt() < count) Thread.onSpinWait();
    }

    private void awaitWaiting(Lane lane, int count) {
        awaitWaiting(() -> gate.waiting(lane), count);
    }
}
