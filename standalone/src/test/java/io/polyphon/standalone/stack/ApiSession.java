package io.polyphon.standalone.stack;

import io.polyphon.contract.InternalCredential;
import io.polyphon.contract.Messages;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.standalone.client.PolyphonClient;
import io.polyphon.standalone.client.ServerSentEvent;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** What the stack tests do as a client of the public API, with one key. */
final class ApiSession {

    /** The song the stack tests vary, its infilled track the last one. */
    static final Song SONG = Song.pick();

    /**
     * A corpus song ({@code sketches/sampling_cello_dur_8th.mid}, 4 tracks, 8 bars) where ../shared lies beside the
     * checkout, else the bundled example ({@code examples/band.mid}, 3 tracks, 8 bars), so the stack is tested
     * either way.
     */
    record Song(String name, byte[] midi, int tracks) {

        static Song pick() {
            try {
                Path corpus = Path.of(System.getProperty("polyphon.corpus", "../../shared/corpus"));
                Path file = Files.isDirectory(corpus) ? corpus.resolve("sketches/sampling_cello_dur_8th.mid")
                        : Path.of(System.getProperty("polyphon.home", "..")).resolve("examples/band.mid");
                byte[] midi = Files.readAllBytes(file);
                return new Song(file.getFileName().toString(), midi,
                        new MidiParser(MidiLimits.DEFAULT).parse(midi).tracks().size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    final PolyphonClient client;

    ApiSession(LocalStack stack, String apiKey) {
        this.client = new PolyphonClient(stack.gatewayUrl(), apiKey);
    }

    /** A session with a new key, made through storage's internal API as an operator would. */
    static ApiSession withNewKey(LocalStack stack, String name) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.storageUrl() + "/keys"))
                        .header("Content-Type", "application/json")
                        .header(InternalCredential.HEADER, stack.internalSecret())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ApiSession(stack, Messages.json().readTree(created.body()).get("secret").asString());
    }

    String uploadSong() {
        return client.uploadPiece(SONG.name(), SONG.midi()).get("id").asString();
    }

    /** Starts a job infilling bars 5-8 of the song's last track; returns its id. */
    String infill(String from, int count, long seed) {
        String input = from.contains(":") ? "\"sampleId\":\"" + from + "\"" : "\"pieceId\":\"" + from + "\"";
        return client.createJob("{" + input + ",\"count\":" + count + ",\"seed\":" + seed
                + ",\"tracks\":[{\"track\":" + SONG.tracks() + ",\"action\":\"infill\",\"bars\":[5,6,7,8]}],"
                + "\"barsPerStep\":8}", null) // the whole window: one step, one progress event per stored sample
                .get("id").asString();
    }

    JsonNode job(String id) {
        return client.get("/v1/jobs/" + id);
    }

    String state(String id) {
        return job(id).get("state").asString();
    }

    int done(String id) {
        return job(id).get("done").asInt();
    }

    /** Follows the job's events in the background; the future holds them all once the stream ends. */
    CompletableFuture<List<ServerSentEvent>> events(String jobId) {
        return CompletableFuture.supplyAsync(() -> {
            List<ServerSentEvent> events = new ArrayList<>();
            client.followEvents(jobId, null, events::add);
            return events;
        });
    }

    /** The job's zip, unpacked: entry name → MIDI file, in zip order. */
    Map<String, byte[]> zip(String jobId) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(
                client.bytes("/v1/jobs/" + jobId + "/samples.zip")))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Polls until the job is in {@code state}; gives up after four minutes. */
    void awaitState(String jobId, String state) throws InterruptedException {
        StackClient.await(() -> state.equals(state(jobId)), "job " + jobId + " to be " + state);
    }

    void awaitDone(String jobId, int atLeast) throws InterruptedException {
        StackClient.await(() -> done(jobId) >= atLeast, atLeast + " samples of job " + jobId);
    }
}
