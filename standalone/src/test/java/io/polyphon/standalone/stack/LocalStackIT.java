package io.polyphon.standalone.stack;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.Topics;
import io.polyphon.midi.Corpus;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.polyphon.standalone.stack.StackClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline on the local stack, with a real broker and the real services: a planned 1000-sample job (a 4-bar
 * infill of one track of a corpus song) ends with 1000 distinct valid samples stored once each; a 5-sample job sent
 * meanwhile takes the interactive lane and finishes first; a cancelled job stops storing.
 */
class LocalStackIT {

    private static final List<Integer> BARS = List.of(5, 6, 7, 8);

    @TempDir
    Path data;

    @Test
    void aThousandSampleJobEndsWithAThousandDistinctSamplesStoredWhileASmallJobPassesItAndACancelStopsAThird()
            throws Exception {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Corpus.read("sketches/sampling_cello_dur_8th.mid"));
        Path model = Path.of(System.getProperty("polyphon.home", "..")).resolve("model").resolve("polyphon-mmm.onnx");
        try (LocalStack stack = LocalStack.start(data, model);
             StackClient client = new StackClient(stack)) {
            String big = client.createJob(1000);
            long start = System.nanoTime();
            client.plan(big, piece, 1000, 11, 4, BARS);
            await(() -> client.stored(big) >= 64, "64 samples of the big job");

            // interactive lane: a 5-sample job sent while the big one runs finishes well before it
            String small = client.createJob(5);
            client.plan(small, piece, 5, 11, 4, BARS);
            await(() -> "COMPLETED".equals(client.state(small)), "the small job to complete");
            System.out.printf("local stack: the 5-sample job completed when the 1000-sample job had %d samples%n",
                    client.stored(big));
            assertThat(client.state(big)).isNotEqualTo("COMPLETED");

            await(() -> "COMPLETED".equals(client.state(big)), "the big job to complete");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(client.stored(big)).isEqualTo(1000);
            Set<String> distinct = new HashSet<>();
            MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
            for (byte[] midi : client.midiByIndex(big).values()) {
                assertThat(parser.parse(midi).tracks()).hasSize(piece.tracks().size());
                distinct.add(Arrays.toString(midi));
            }
            System.out.printf("local stack: 1000 samples planned, generated, rendered and stored in %.1f s (%.1f samples/s); "
                    + "%d distinct%n", seconds, 1000 / seconds, distinct.size());
            assertThat(distinct).hasSize(1000);

            // cancel: a running job stops, and no further samples are stored
            String cancelled = client.createJob(1000);
            client.plan(cancelled, piece, 1000, 11, 4, BARS);
            await(() -> client.stored(cancelled) >= 32, "the third job to start");
            client.send(Topics.JOBS_CONTROL, cancelled, new CancelJob(cancelled, 1, Instant.now(), "cancelled by its owner"));
            await(() -> "CANCELLED".equals(client.state(cancelled)), "the third job to be cancelled");
            long atCancel = client.stored(cancelled);
            Thread.sleep(3000); // long enough for a running shard batch to finish, were it not dropped
            long later = client.stored(cancelled);
            System.out.printf("local stack: cancelled job stopped at %d samples, %d three seconds later%n", atCancel, later);
            assertThat(later).isEqualTo(atCancel);
            assertThat(later).isLessThan(1000);
        }
    }
}
