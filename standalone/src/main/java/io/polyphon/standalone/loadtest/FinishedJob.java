package io.polyphon.standalone.loadtest;

/**
 * One job a client submitted and followed to its end.
 *
 * @param lane        the lane the service put it on (as its plan says), or the lane its client meant it for
 * @param submittedAt seconds from the start of the run at which it was submitted
 * @param seconds     from its submission to its ending event: the latency its client saw
 * @param outcome     completed, failed, cancelled, or stream-ended (the event streams closed before the job ended)
 */
public record FinishedJob(String lane, int samples, double submittedAt, double seconds, String outcome) {

    boolean completed() {
        return outcome.equals("completed");
    }
}
