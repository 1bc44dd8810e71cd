package io.polyphon.standalone.stack;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.standalone.client.ApiException;
import io.polyphon.standalone.client.ServerSentEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The acceptance tests of the whole service, through the public API, on one stack: a 1000-sample job of a corpus
 * song (the bundled example where the corpus is absent), a small job passing it, cancel, lineage and key isolation. Subclasses choose the broker and database the
 * stack runs on; the tests are the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PipelineAcceptance {

    LocalStack stack;
    ApiSession owner;
    String pieceId;
    String bigJob;

    /** The stack under test, keeping what it must under {@code data}. */
    abstract LocalStack start(Path data, Path model) throws Exception;

    static Path model() {
        return Path.of(System.getProperty("polyphon.home", "..")).resolve("model").resolve("polyphon-mmm.onnx");
    }

    @BeforeAll
    void startStack() throws Exception {
        stack = start(Files.createTempDirectory("polyphon-stack"), model());
        owner = new ApiSession(stack, stack.apiKey());
        pieceId = owner.uploadSong();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void aThousandSampleJobEndsWithAThousandDistinctSamplesProgressToTheEndAndAZipOfThemAll() throws Exception {
        long start = System.nanoTime();
        bigJob = owner.infill(pieceId, 1000, 11);
        CompletableFuture<List<ServerSentEvent>> events = owner.events(bigJob);
        owner.awaitDone(bigJob, 64);

        // interactive lane: a 5-sample job sent while the big one runs finishes well before it
        String small = owner.infill(pieceId, 5, 11);
        owner.awaitState(small, "COMPLETED");
        int bigAtSmallEnd = owner.done(bigJob);
        System.out.printf("stack: the 5-sample job completed when the 1000-sample job had %d samples%n", bigAtSmallEnd);
        assertThat(bigAtSmallEnd).isLessThan(1000);

        List<ServerSentEvent> stream = events.get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("stack: 1000 samples of %s planned → generated → rendered → stored in %.1f s "
                + "(%.1f samples/s), %d events%n", ApiSession.SONG.name(), seconds, 1000 / seconds, stream.size());
        List<Integer> counts = stream.stream().filter(e -> e.name().equals("progress"))
                .map(e -> Integer.parseInt(e.id())).toList();
        assertThat(stream.get(0).name()).isEqualTo("accepted");
        assertThat(counts).isSorted().doesNotHaveDuplicates().endsWith(1000);
        assertThat(stream.get(stream.size() - 1).name()).isEqualTo("completed");

        Map<String, byte[]> zip = owner.zip(bigJob);
        assertThat(zip).hasSize(1000).containsKeys("sample-0001.mid", "sample-1000.mid");
        Set<String> distinct = new HashSet<>();
        for (byte[] midi : zip.values()) {
            assertThat(new MidiParser(MidiLimits.DEFAULT).parse(midi).tracks()).hasSize(ApiSession.SONG.tracks());
            distinct.add(Arrays.toString(midi));
        }
        assertThat(distinct).hasSize(1000);

        // the model's favourites first: every sample is scored, the listing by score never rises
        List<Double> best = new ArrayList<>();
        for (JsonNode sample : owner.client.get("/v1/jobs/" + bigJob + "/samples?sort=score&size=100").get("items")) {
            assertThat(sample.get("score").isNumber()).as("sample %s is scored", sample.get("id")).isTrue();
            best.add(sample.get("score").asDouble());
        }
        assertThat(best).hasSize(100).allSatisfy(score -> assertThat(score).isBetween(0.0, 1.0))
                .isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    @Order(2)
    void cancellingARunningJobStopsItsSamplesBeingStored() throws Exception {
        String job = owner.infill(pieceId, 1000, 12);
        owner.awaitDone(job, 32);
        owner.client.cancel(job);
        owner.awaitState(job, "CANCELLED");
        int atCancel = owner.done(job);
        Thread.sleep(3000); // long enough for a running batch to finish, were it not dropped
        int later = (int) owner.client.get("/v1/jobs/" + job + "/samples?size=1").get("total").asLong();
        System.out.printf("stack: cancelled job stopped at %d samples, %d stored three seconds later%n", atCancel, later);
        assertThat(later).isEqualTo(atCancel).isLessThan(1000);
    }

    @Test
    @Order(3)
    void aJobFromAStoredSampleRecordsThatSampleAsTheParentOfEachNewOne() throws Exception {
        String parent = bigJob != null ? bigJob + ":7" : firstSampleOfANewJob();
        String child = owner.infill(parent, 3, 5);
        owner.awaitState(child, "COMPLETED");
        assertThat(owner.job(child).get("parentSampleId").asString()).isEqualTo(parent);
        JsonNode samples = owner.client.get("/v1/jobs/" + child + "/samples").get("items");
        assertThat(samples).hasSize(3);
        for (JsonNode sample : samples) assertThat(sample.get("parentSampleId").asString()).isEqualTo(parent);
    }

    @Test
    @Order(4)
    void aKeyFindsNoneOfAnotherKeysPiecesJobsOrSamples() throws Exception {
        String job = bigJob != null ? bigJob : owner.infill(pieceId, 2, 1);
        ApiSession other = ApiSession.withNewKey(stack, "other");
        for (String path : List.of("/v1/pieces/" + pieceId, "/v1/jobs/" + job, "/v1/jobs/" + job + "/samples",
                "/v1/jobs/" + job + "/samples/0", "/v1/jobs/" + job + "/samples/0/midi", "/v1/jobs/" + job + "/samples.zip")) {
            assertThatThrownBy(() -> other.client.bytes(path)).as(path)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
        assertThat(other.client.get("/v1/jobs").get("total").asLong()).isZero();
        assertThatThrownBy(() -> other.infill(pieceId, 1, 1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    private String firstSampleOfANewJob() throws InterruptedException {
        String job = owner.infill(pieceId, 1, 3);
        owner.awaitState(job, "COMPLETED");
        return job + ":0";
    }
}
