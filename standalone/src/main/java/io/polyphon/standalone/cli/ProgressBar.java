package io.polyphon.standalone.cli;

import java.io.PrintStream;

/** A one-line progress bar with an ETA for the terminal (stderr, so stdout stays clean for scripts). */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final long start = System.nanoTime();
    private int shown = -1;

    ProgressBar(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    synchronized void update(int done) {
        int percent = (int) (100L * done / total);
        if (percent == shown) return;
        shown = percent;
        int filled = WIDTH * done / total;
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = done == 0 ? "--" : String.format("%.0fs", elapsed * (total - done) / done);
        out.printf("\r[%s%s] %3d%%  %d/%d samples  ETA %s ", "#".repeat(filled), ".".repeat(WIDTH - filled), percent,
                done, total, eta);
        out.flush();
    }

    synchronized void finish() {
        update(total);
        out.println();
    }
}
