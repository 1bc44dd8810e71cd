package io.polyphon.standalone.loadtest;

import java.util.Map;

/**
 * One reading of the run, about once a second.
 *
 * @param seconds          since the start of the run
 * @param samplesStored    samples stored so far, over every client's jobs (their event streams' counts)
 * @param samplesPerSecond samples stored per second over the last few seconds
 * @param tokens           tokens the worker(s) generated since the start, or null where no metrics are read
 * @param tokensPerSecond  over the same last seconds, or null
 * @param lag              shards waiting per lane ({@code bulk}, {@code interactive}); empty where no metrics are read
 */
public record Tick(double seconds, long samplesStored, double samplesPerSecond, Double tokens, Double tokensPerSecond,
                   Map<String, Double> lag) {
}
