package io.polyphon.standalone.loadtest;

import java.util.Locale;

/**
 * What a load test asks of the service: how many clients of each kind, the size of their jobs, for how long, and
 * what happens to the jobs still in flight when the time is up.
 *
 * @param durationSeconds the set time during which clients submit jobs
 * @param atEnd           whether the jobs in flight at the end are waited for or cancelled
 */
public record LoadSettings(int bulkClients, int interactiveClients, double durationSeconds, int bulkCount,
                           int interactiveCount, AtEnd atEnd) {

    /** The most samples one job may ask for (the API's limit). */
    public static final int MAX_COUNT = 1000;

    /** What to do with the jobs still running when the set time is over. */
    public enum AtEnd {
        /** Wait for them: their latencies count, and the run takes longer than the set time. */
        WAIT,
        /** Cancel them: they do not count in the latencies, and the run ends soon after the set time. */
        CANCEL;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Refuses settings that cannot make a load test, saying which and why. */
    public LoadSettings {
        if (bulkClients < 0 || interactiveClients < 0) {
            throw new IllegalArgumentException("--bulk-clients and --interactive-clients cannot be negative (got "
                    + bulkClients + " and " + interactiveClients + ")");
        }
        if (bulkClients + interactiveClients == 0) {
            throw new IllegalArgumentException("no clients: give --bulk-clients or --interactive-clients at least 1");
        }
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("--duration must be longer than 0 (got " + durationSeconds + " s)");
        }
        checkCount("--bulk-count", bulkCount);
        checkCount("--interactive-count", interactiveCount);
        if (atEnd == null) throw new IllegalArgumentException("--at-end must be wait or cancel");
    }

    private static void checkCount(String option, int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException(option + " must be 1 to " + MAX_COUNT + " samples per job (got " + count + ")");
        }
    }
}
