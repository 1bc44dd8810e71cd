package io.polyphon.standalone.loadtest;

/** The load test's time: seconds since its start, and whether its set time is over (or it was stopped early). */
final class LoadClock {

    private final long start = System.nanoTime();
    private final long end;
    private volatile boolean stopped;

    LoadClock(double durationSeconds) {
        this.end = start + (long) (durationSeconds * 1e9);
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds until the set time is over; 0 once it is. */
    double secondsLeft() {
        return Math.max(0, (end - System.nanoTime()) / 1e9);
    }

    /** Whether clients should stop submitting: the set time is over, or the run was stopped. */
    boolean isOver() {
        return stopped || System.nanoTime() >= end;
    }

    /** Ends the set time now (a client hit an error the run cannot go on with). */
    void stop() {
        stopped = true;
    }
}
