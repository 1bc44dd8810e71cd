package io.polyphon.gateway.progress;

import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Lane;
import io.polyphon.gateway.storage.JobView;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What a client reading a job's event stream sees, whatever order the stored state and the live events come in. */
class JobEventStreamTest {

    private static final Instant CREATED = Instant.parse("2026-11-26T10:00:00Z");
    private static final Clock TEN_SECONDS_LATER = Clock.fixed(CREATED.plusSeconds(10), ZoneOffset.UTC);

    /** An emitter that keeps what it was asked to send, as "name id" lines. */
    static final class RecordingEmitter extends SseEmitter {
        final List<String> sent = new ArrayList<>();
        boolean completed;

        @Override
        public void send(SseEventBuilder event) {
            String name = null;
            String id = null;
            for (var part : event.build()) {
                for (String line : part.getData().toString().split("\n")) {
                    if (line.startsWith("event:")) name = line.substring(6).trim();
                    if (line.startsWith("id:")) id = line.substring(3).trim();
                }
            }
            sent.add(name + " " + id);
        }

        @Override
        public void complete() {
            completed = true;
        }
    }

    private static JobView job(String state, int done, int total) {
        return new JobView("job-1", state, done, total, "piece-1", null, 7, null, CREATED, CREATED, List.of(), null);
    }

    private static JobEvent.JobProgressed progressed(int done) {
        return new JobEvent.JobProgressed("job-1", 1, CREATED, done, 10);
    }

    @Test
    void aNewClientSeesAcceptedThenEachCountThenCompleted() {
        RecordingEmitter emitter = new RecordingEmitter();
        JobEventStream stream = new JobEventStream("job-1", emitter, TEN_SECONDS_LATER, null);
        stream.start(job("QUEUED", 0, 10));
        stream.on(new JobEvent.JobAccepted("job-1", 1, CREATED, 10, 1, Lane.INTERACTIVE));
        for (int done = 1; done <= 10; done++) stream.on(progressed(done));
        stream.on(new JobEvent.JobCompleted("job-1", 1, CREATED, 10));
        assertThat(emitter.sent).startsWith("accepted 0", "progress 1", "progress 2").endsWith("progress 10", "completed 10");
        assertThat(emitter.completed).isTrue();
    }

    @Test
    void aReconnectingClientGetsTheStoredCountAndNothingItHasSeen() {
        RecordingEmitter emitter = new RecordingEmitter();
        JobEventStream stream = new JobEventStream("job-1", emitter, TEN_SECONDS_LATER, "4");
        stream.start(job("RUNNING", 6, 10));
        stream.on(progressed(5));
        stream.on(progressed(7));
        assertThat(emitter.sent).containsExactly("progress 6", "progress 7");
    }

    @Test
    void eventsArrivingBeforeTheStoredStateIsReadAreSentAfterIt() {
        RecordingEmitter emitter = new RecordingEmitter();
        JobEventStream stream = new JobEventStream("job-1", emitter, TEN_SECONDS_LATER, null);
        stream.on(progressed(3));
        stream.on(progressed(4));
        stream.start(job("RUNNING", 3, 10));
        assertThat(emitter.sent).containsExactly("accepted 0", "progress 3", "progress 4");
    }

    @Test
    void aFinishedJobEndsTheStreamAtOnceWithItsOutcome() {
        RecordingEmitter emitter = new RecordingEmitter();
        JobEventStream stream = new JobEventStream("job-1", emitter, TEN_SECONDS_LATER, null);
        stream.start(job("CANCELLED", 3, 10));
        stream.on(progressed(4));
        assertThat(emitter.sent).containsExactly("accepted 0", "progress 3", "cancelled 3");
        assertThat(emitter.completed).isTrue();
    }

    @Test
    void theEtaFollowsTheRateSoFar() {
        List<Object> data = new ArrayList<>();
        SseEmitter emitter = new SseEmitter() {
            @Override
            public void send(SseEventBuilder event) {
                for (var part : event.build()) if (part.getData() instanceof ProgressEvent e) data.add(e);
            }
        };
        JobEventStream stream = new JobEventStream("job-1", emitter, TEN_SECONDS_LATER, "0");
        stream.start(job("RUNNING", 0, 10));
        stream.on(progressed(2)); // 2 samples in 10 s: 8 more take 40 s
        assertThat(data).containsExactly(new ProgressEvent.Progress("job-1", 2, 10, 0.2, 40L));
    }

    /** A stream whose progress events' data this test reads. */
    private static JobEventStream recording(List<ProgressEvent.Progress> data, String lastEventId) {
        SseEmitter emitter = new SseEmitter() {
            @Override
            public void send(SseEventBuilder event) {
                for (var part : event.build()) if (part.getData() instanceof ProgressEvent.Progress e) data.add(e);
            }
        };
        return new JobEventStream("job-1", emitter, TEN_SECONDS_LATER, lastEventId);
    }

    private static JobEvent.JobProgressed progressed(int done, Double work) {
        return new JobEvent.JobProgressed("job-1", 1, CREATED, done, 10, work);
    }

    @Test
    void workAndItsEtaMoveWhileNoSampleIsStoredYet() {
        List<ProgressEvent.Progress> data = new ArrayList<>();
        JobEventStream stream = recording(data, "0");
        stream.start(job("RUNNING", 0, 10));
        stream.on(progressed(0, 0.1));
        stream.on(progressed(0, 0.25)); // a quarter of the work in 10 s: 30 s more
        assertThat(data).containsExactly(new ProgressEvent.Progress("job-1", 0, 10, 0.1, 90L),
                new ProgressEvent.Progress("job-1", 0, 10, 0.25, 30L));
    }

    @Test
    void workNeverFallsWithinAStreamWhateverArrives() {
        List<ProgressEvent.Progress> data = new ArrayList<>();
        JobEventStream stream = recording(data, "0");
        stream.start(job("RUNNING", 0, 10));
        stream.on(progressed(0, 0.5));
        stream.on(progressed(0, 0.3)); // from a storage instance that lost its in-flight fractions
        stream.on(progressed(1, null)); // from a producer that counts samples only
        assertThat(data).extracting(ProgressEvent.Progress::done, ProgressEvent.Progress::work)
                .containsExactly(tuple(0, 0.5), tuple(1, 0.5));
    }

    @Test
    void aReconnectingStreamStartsAtTheWorkTheStoredCountImplies() {
        List<ProgressEvent.Progress> data = new ArrayList<>();
        JobEventStream stream = recording(data, "1");
        stream.start(job("RUNNING", 3, 10));
        stream.on(progressed(3, 0.25)); // older than the stored count
        stream.on(progressed(3, 0.35));
        assertThat(data).extracting(ProgressEvent.Progress::done, ProgressEvent.Progress::work)
                .containsExactly(tuple(3, 0.3), tuple(3, 0.35));
    }

    @Test
    void workStaysBelowOneUntilEverySampleIsStored() {
        List<ProgressEvent.Progress> data = new ArrayList<>();
        JobEventStream stream = recording(data, "0");
        stream.start(job("RUNNING", 0, 10));
        stream.on(progressed(9, 1.0));
        stream.on(new JobEvent.JobCompleted("job-1", 1, CREATED, 10));
        assertThat(data).extracting(ProgressEvent.Progress::done, ProgressEvent.Progress::work)
                .containsExactly(tuple(9, 0.999), tuple(10, 1.0));
    }
}
