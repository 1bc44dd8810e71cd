package io.polyphon.standalone.loadtest;

import java.util.Arrays;
import java.util.List;

/**
 * One lane's completed jobs: how many, their samples, and their latency from submission to completion (seconds);
 * the percentiles are nearest-rank, so each is the latency of a job that happened, and null where no job completed.
 */
public record LaneLatencies(String lane, int jobs, long samples, Double p50, Double p95, Double p99, Double max) {

    static LaneLatencies of(String lane, List<FinishedJob> jobs) {
        List<FinishedJob> completed = jobs.stream().filter(j -> j.lane().equals(lane) && j.completed()).toList();
        double[] seconds = completed.stream().mapToDouble(FinishedJob::seconds).sorted().toArray();
        long samples = completed.stream().mapToLong(FinishedJob::samples).sum();
        if (seconds.length == 0) return new LaneLatencies(lane, 0, 0, null, null, null, null);
        return new LaneLatencies(lane, seconds.length, samples, percentile(seconds, 50), percentile(seconds, 95),
                percentile(seconds, 99), Arrays.stream(seconds).max().orElseThrow());
    }

    /** The nearest-rank percentile of sorted values: the smallest value with at least {@code p} % at or below it. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
