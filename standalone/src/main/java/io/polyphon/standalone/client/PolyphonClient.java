package io.polyphon.standalone.client;

import io.polyphon.contract.Messages;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A small client of Polyphon's public API ({@code /v1}), on the JDK's HTTP client: what {@code polyphon generate
 * --server} and the stack tests use. Every refusal becomes an {@link ApiException} with the problem's code.
 */
public final class PolyphonClient {

    private final String baseUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public PolyphonClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
    }

    /** The key this client sends. */
    public String apiKey() {
        return apiKey;
    }

    /** Uploads a MIDI file as a new piece; returns the piece (id, name, summary). */
    public JsonNode uploadPiece(String fileName, byte[] midi) {
        return json(send(uploadRequest(fileName, midi)));
    }

    /** The upload of a file as the form field {@code file}, as a browser sends it. */
    public HttpRequest.Builder uploadRequest(String fileName, byte[] content) {
        String boundary = "polyphon-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName.replace("\"", "") + "\"\r\nContent-Type: audio/midi\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return request("/v1/pieces").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)));
    }

    /** Creates a job from a JSON body; {@code idempotencyKey} may be null. */
    public JsonNode createJob(String body, String idempotencyKey) {
        HttpRequest.Builder request = request("/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
        return json(send(request));
    }

    public JsonNode cancel(String jobId) {
        return json(send(request("/v1/jobs/" + jobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** POSTs a JSON body (none where {@code body} is null) and returns the JSON answer, e.g. the admin API's. */
    public JsonNode post(String path, String body) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json");
        return json(send(request.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))));
    }

    /** A JSON resource, e.g. {@code /v1/jobs/<id>}. */
    public JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    /** A binary resource, e.g. a sample's MIDI file or a job's zip. */
    public byte[] bytes(String path) {
        return check(sendBytes(request(path).GET())).body();
    }

    /**
     * Follows a job's event stream, handing each event to {@code listener}, until the server ends the stream.
     *
     * @param lastEventId the id of the last event seen, to resume; or null
     */
    public void followEvents(String jobId, String lastEventId, Consumer<ServerSentEvent> listener) {
        HttpRequest.Builder request = request("/v1/jobs/" + jobId + "/events").header("Accept", "text/event-stream").GET();
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() >= 400) {
                try (InputStream body = response.body()) {
                    throw refusal(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                readEvents(lines, listener);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following job " + jobId, e);
        }
    }

    /**
     * Follows a job's events until the job ends, handing each to {@code listener}: a stream can close before the job
     * does (the server's limit, a proxy's idle timeout), so it reconnects from the last event seen, up to
     * {@code reconnects} times. Returns the ending event ({@code completed}, {@code failed} or {@code cancelled}), or
     * null when the streams ran out first.
     */
    public ServerSentEvent followToEnd(String jobId, int reconnects, Consumer<ServerSentEvent> listener) {
        ServerSentEvent[] last = {null};
        ServerSentEvent[] ending = {null};
        for (int attempt = 0; ending[0] == null && attempt <= reconnects; attempt++) {
            followEvents(jobId, last[0] == null ? null : last[0].id(), event -> {
                if (event.id() != null) last[0] = event;
                if (event.isEnding()) ending[0] = event;
                listener.accept(event);
            });
        }
        return ending[0];
    }

    /** The text/event-stream format: fields up to a blank line make one event. */
    private static void readEvents(BufferedReader lines, Consumer<ServerSentEvent> listener) throws IOException {
        String id = null;
        String name = "message";
        List<String> data = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) listener.accept(new ServerSentEvent(id, name, String.join("\n", data)));
                name = "message";
                data.clear();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
    }

    /** Sends any request as it is built, and returns the raw answer (for tests of refusals). */
    public HttpResponse<String> exchange(HttpRequest.Builder request) {
        return send(request);
    }

    /** A request to {@code path} carrying the key. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + apiKey);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            // a refused connection's exception has no message: its type says what happened
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new UncheckedIOException("cannot reach " + baseUrl + ": " + reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() >= 400) throw refusal(response.statusCode(), response.body());
        return Messages.json().readTree(response.body());
    }

    private static HttpResponse<byte[]> check(HttpResponse<byte[]> response) {
        if (response.statusCode() >= 400) {
            throw refusal(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }

    private static ApiException refusal(int status, String body) {
        try {
            JsonNode problem = Messages.json().readTree(body);
            return new ApiException(status, problem.path("code").asString("http-" + status),
                    problem.path("detail").asString(body));
        } catch (RuntimeException notJson) {
            return new ApiException(status, "http-" + status, body);
        }
    }
}
