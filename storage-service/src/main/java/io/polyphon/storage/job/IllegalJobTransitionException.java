package io.polyphon.storage.job;

/** A move the job state table does not allow, such as a completed job failing. */
public class IllegalJobTransitionException extends IllegalStateException {

    private final JobState from;
    private final JobState to;

    public IllegalJobTransitionException(JobState from, JobState to) {
        super("a " + from + " job cannot become " + to);
        this.from = from;
        this.to = to;
    }

    public JobState from() {
        return from;
    }

    public JobState to() {
        return to;
    }
}
