package io.polyphon.gateway.progress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.polyphon.contract.JobEvent;
import io.polyphon.gateway.GatewayProperties;
import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.storage.JobView;
import io.polyphon.gateway.storage.StorageClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The open event streams of this gateway instance, by job. Every instance reads all of {@code jobs.progress}, so
 * whichever instance a client reaches can serve its stream.
 */
@Component
public class JobEventStreams implements DisposableBean {

    private final StorageClient storage;
    private final GatewayProperties properties;
    private final Clock clock;
    // each job's open streams, each with the queue its events are written from
    private final Map<String, Map<JobEventStream, OrderedDelivery>> byJob = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "event-stream-sender");
        thread.setDaemon(true);
        return thread;
    });

    public JobEventStreams(StorageClient storage, GatewayProperties properties, Clock clock, MeterRegistry registry) {
        this.storage = storage;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("polyphon.gateway.event.streams", byJob, jobs -> jobs.values().stream().mapToInt(Map::size).sum())
                .description("Progress event streams open on this instance").register(registry);
    }

    /** Opens a stream of the key's job; an unknown job (or another key's) is refused before any event is sent. */
    public SseEmitter open(ApiKey key, String jobId, String lastEventId) {
        JobEventStream stream = new JobEventStream(jobId, new SseEmitter(properties.eventStreamTimeout().toMillis()),
                clock, lastEventId);
        // listen before reading the job, so no event can fall between the stored state and the live ones
        byJob.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>()).put(stream, new OrderedDelivery(senders));
        Runnable close = () -> remove(jobId, stream);
        stream.emitter().onCompletion(close);
        stream.emitter().onTimeout(close);
        stream.emitter().onError(e -> close.run());
        JobView job;
        try {
            job = storage.job(key.id(), jobId);
        } catch (RuntimeException e) {
            remove(jobId, stream);
            throw e;
        }
        stream.start(job);
        if (stream.isFinished()) remove(jobId, stream);
        return stream.emitter();
    }

    /** Hands one event from {@code jobs.progress} to the streams of its job, each written on its own turn. */
    public void publish(JobEvent event) {
        Map<JobEventStream, OrderedDelivery> streams = byJob.get(event.jobId());
        if (streams == null) return;
        streams.forEach((stream, delivery) -> delivery.submit(() -> {
            stream.on(event);
            if (stream.isFinished()) remove(event.jobId(), stream);
        }));
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }

    private void remove(String jobId, JobEventStream stream) {
        byJob.computeIfPresent(jobId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }
}
