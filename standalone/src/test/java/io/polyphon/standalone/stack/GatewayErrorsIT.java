package io.polyphon.standalone.stack;

import io.polyphon.standalone.client.PolyphonClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static io.polyphon.contract.Messages.json;

/**
 * Every endpoint of the public API refuses bad input with a 4xx problem body whose code and detail say why, and a
 * refusal leaves what was stored before as it was. Runs on the local stack without a worker: nothing here needs
 * a sample generated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayErrorsIT {

    LocalStack stack;
    PolyphonClient api;
    String pieceId;

    @BeforeAll
    void startStack() throws Exception {
        stack = LocalStack.start(Files.createTempDirectory("polyphon-errors"), PipelineAcceptance.model(), false, 0);
        api = new PolyphonClient(stack.gatewayUrl(), stack.apiKey());
        pieceId = api.uploadPiece("band.mid", Files.readAllBytes(band())).get("id").asString();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) stack.close();
    }

    static Path band() {
        return Path.of(System.getProperty("polyphon.home", "..")).resolve("examples").resolve("band.mid");
    }

    /** A problem body: status, code and a non-empty reason. */
    private record Problem(int status, String code, String detail) {
        static Problem of(HttpResponse<String> response) {
            JsonNode body = json().readTree(response.body());
            return new Problem(response.statusCode(), body.path("code").asString(), body.path("detail").asString());
        }
    }

    private Problem send(HttpRequest.Builder request) {
        HttpResponse<String> response = api.exchange(request);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        Problem problem = Problem.of(response);
        assertThat(problem.detail()).isNotBlank();
        return problem;
    }

    private Problem postJob(String body) {
        return send(api.request("/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Problem get(String path) {
        return send(api.request(path).GET());
    }

    private String infill(String bars) {
        return "{\"pieceId\":\"" + pieceId + "\",\"count\":5,\"tracks\":[{\"track\":2,\"action\":\"INFILL\",\"bars\":[" + bars + "]}]}";
    }

    @Test
    void refusesARequestWithoutAKey() {
        Problem problem = send(HttpRequest.newBuilder(api.request("/v1/jobs").build().uri()).GET());
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(401, "missing-key");
    }

    @Test
    void servesTheWebPageAndTheApiDocumentWithoutAKeyButNothingElse() {
        HttpResponse<String> page = api.exchange(HttpRequest.newBuilder(java.net.URI.create(stack.gatewayUrl() + "/")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>").contains("js/studio.js");
        HttpResponse<String> document = api.exchange(
                HttpRequest.newBuilder(java.net.URI.create(stack.gatewayUrl() + "/v1/openapi.json")).GET());
        assertThat(json().readTree(document.body()).get("paths").propertyNames()).contains("/v1/jobs", "/v1/pieces");
        HttpResponse<String> pieces = api.exchange(
                HttpRequest.newBuilder(java.net.URI.create(stack.gatewayUrl() + "/v1/pieces")).GET());
        assertThat(pieces.statusCode()).isEqualTo(401);
    }

    @Test
    void takesTheBearerSchemeInAnyCase() {
        HttpResponse<String> answer = api.exchange(HttpRequest.newBuilder(api.request("/v1/jobs").build().uri())
                .header("Authorization", "bearer " + stack.apiKey()).GET());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAKeyItDoesNotKnow() {
        Problem problem = send(HttpRequest.newBuilder(api.request("/v1/jobs").build().uri())
                .header("Authorization", "Bearer pk_not-a-key").GET());
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(401, "unknown-key");
    }

    @Test
    void refusesAnUploadThatIsNotMidiSayingSo() {
        Problem problem = upload("notes.txt", "these are not notes".getBytes());
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(422, "not-midi");
    }

    @Test
    void refusesAnUploadOverTheSizeLimit() {
        Problem problem = upload("huge.mid", new byte[5 * 1024 * 1024]);
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(413, "too-large");
    }

    @Test
    void refusesAnUploadWithoutAFile() {
        Problem problem = send(api.request("/v1/pieces").header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n")));
        assertThat(problem.status()).isEqualTo(400);
    }

    @Test
    void refusesMalformedJson() {
        Problem problem = postJob("{\"pieceId\": \"" + pieceId + "\", \"count\": ");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "malformed-json");
    }

    @Test
    void refusesAJobBodyThatIsNotJson() {
        Problem problem = send(api.request("/v1/jobs").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("count=5")));
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(415, "unsupported-media-type");
    }

    @Test
    void refusesAJobForAPieceThatDoesNotExist() {
        Problem problem = postJob("{\"pieceId\":\"no-such-piece\",\"count\":5,\"tracks\":[{\"track\":1,\"action\":\"REGENERATE\"}]}");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(404, "unknown-piece");
    }

    @Test
    void refusesAJobFromASampleThatDoesNotExist() {
        Problem problem = postJob("{\"sampleId\":\"no-such-job:0\",\"count\":5,\"tracks\":[{\"track\":1,\"action\":\"REGENERATE\"}]}");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(404, "unknown-sample");
    }

    @Test
    void refusesAJobNamingNoInput() {
        Problem problem = postJob("{\"count\":5,\"tracks\":[{\"track\":1,\"action\":\"REGENERATE\"}]}");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "missing-input");
    }

    @Test
    void refusesABarOutsideThePiece() {
        Problem problem = postJob(infill("8,9"));
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "bar-out-of-range");
        assertThat(problem.detail()).contains("bar 9");
    }

    @Test
    void refusesATrackThePieceDoesNotHave() {
        Problem problem = postJob("{\"pieceId\":\"" + pieceId + "\",\"count\":5,\"tracks\":[{\"track\":7,\"action\":\"REGENERATE\"}]}");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "unknown-track");
    }

    @Test
    void refusesACountOverTheLimit() {
        Problem problem = postJob(infill("1").replace("\"count\":5", "\"count\":1001"));
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "count-out-of-range");
    }

    @Test
    void refusesATemperatureOutsideMmmsRange() {
        Problem problem = postJob(infill("1").replace("\"count\":5", "\"count\":5,\"temperature\":3.5"));
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "temperature-out-of-range");
    }

    @Test
    void answersNotFoundForAJobThatDoesNotExistOnEveryJobEndpoint() {
        for (String path : List.of("/v1/jobs/nope", "/v1/jobs/nope/events", "/v1/jobs/nope/samples",
                "/v1/jobs/nope/samples/0", "/v1/jobs/nope/samples/0/midi", "/v1/jobs/nope/samples.zip")) {
            assertThat(get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(send(api.request("/v1/jobs/nope/cancel").POST(HttpRequest.BodyPublishers.noBody())).status())
                .isEqualTo(404);
    }

    @Test
    void answersNotFoundForAPieceThatDoesNotExistOnEveryPieceEndpoint() {
        assertThat(get("/v1/pieces/nope")).extracting(Problem::status, Problem::code).containsExactly(404, "unknown-piece");
        assertThat(get("/v1/pieces/nope/midi")).extracting(Problem::status, Problem::code).containsExactly(404, "unknown-piece");
        assertThat(send(api.request("/v1/pieces/nope/edits").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"dropTracks\":[1]}"))))
                .extracting(Problem::status, Problem::code).containsExactly(404, "unknown-piece");
    }

    @Test
    void refusesAPageLargerThanTheLimitOnEveryListing() {
        for (String path : List.of("/v1/jobs?size=5000", "/v1/pieces?size=5000", "/v1/jobs?page=-1",
                "/v1/jobs/nope/samples?sort=loudness")) {
            assertThat(get(path).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void refusesAnEditOfATrackThePieceDoesNotHaveAndLeavesThePieceAsItWas() {
        JsonNode before = api.get("/v1/pieces/" + pieceId);
        Problem problem = edit("{\"dropTracks\":[9]}");
        assertThat(problem.status()).isBetween(400, 422);
        assertThat(api.get("/v1/pieces/" + pieceId)).isEqualTo(before);
    }

    @Test
    void refusesAnEditAddingAnInstrumentGeneralMidiDoesNotName() {
        assertThat(edit("{\"addTracks\":[{\"instrument\":\"Theremin Deluxe\"}]}"))
                .extracting(Problem::status, Problem::code).containsExactly(400, "unknown-instrument");
    }

    @Test
    void anEditMakesANewPieceAndKeepsTheOriginal() {
        JsonNode edited = api.get("/v1/pieces/" + json().readTree(api.exchange(api.request("/v1/pieces/" + pieceId + "/edits")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"dropTracks\":[3],\"addTracks\":[{\"instrument\":\"Violin\"}]}")))
                .body()).get("id").asString());
        assertThat(edited.get("parentPieceId").asString()).isEqualTo(pieceId);
        assertThat(edited.get("summary").get("tracks")).hasSize(3);
        assertThat(edited.get("summary").get("tracks").get(2).get("program").asInt()).isEqualTo(40);
        assertThat(api.get("/v1/pieces/" + pieceId).get("summary").get("tracks").get(2).get("drum").asBoolean()).isTrue();
    }

    @Test
    void aRepeatedRequestWithTheSameIdempotencyKeyAnswersTheFirstJobAndCreatesNoOther() {
        String seeded = infill("1,2").replace("\"count\":5", "\"count\":5,\"seed\":7");
        HttpResponse<String> first = api.exchange(jobRequest(seeded, "retry-me"));
        HttpResponse<String> again = api.exchange(jobRequest(seeded, "retry-me"));
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json().readTree(again.body()).get("id")).isEqualTo(json().readTree(first.body()).get("id"));
    }

    @Test
    void aRepeatedRequestWithoutASeedIsTheSameRequestAndAnswersTheFirstJob() {
        JsonNode first = json().readTree(api.exchange(jobRequest(infill("3"), "no-seed")).body());
        HttpResponse<String> again = api.exchange(jobRequest(infill("3"), "no-seed"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json().readTree(again.body()).get("seed")).isEqualTo(first.get("seed"));
    }

    @Test
    void refusesAnIdempotencyKeyReusedForADifferentRequest() {
        api.createJob(infill("1,2"), "used-once");
        Problem problem = send(jobRequest(infill("3,4"), "used-once"));
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "idempotency-key-reused");
    }

    private HttpRequest.Builder jobRequest(String body, String idempotencyKey) {
        return api.request("/v1/jobs").header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void refusesAJobThatWouldTakeItsKeyOverItsQuotaOfWaitingSamples() throws Exception {
        ApiSession busy = ApiSession.withNewKey(stack, "busy"); // its own quota; this stack has no worker to drain it
        String piece = busy.client.uploadPiece("band.mid", Files.readAllBytes(band())).get("id").asString();
        String job = "{\"pieceId\":\"" + piece + "\",\"count\":1000,\"tracks\":[{\"track\":1,\"action\":\"REGENERATE\"}]}";
        for (int i = 0; i < 10; i++) busy.client.createJob(job, null); // 10,000 samples waiting: the default quota
        HttpResponse<String> refused = busy.client.exchange(busy.client.request("/v1/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(job.replace("\"count\":1000", "\"count\":1"))));
        assertThat(Problem.of(refused)).extracting(Problem::status, Problem::code).containsExactly(429, "quota-exceeded");
    }

    @Test
    void refusesAKeyCreatingJobsFasterThanItsRateWithRetryAfter() throws Exception {
        ApiSession hasty = ApiSession.withNewKey(stack, "hasty");
        String piece = hasty.client.uploadPiece("band.mid", Files.readAllBytes(band())).get("id").asString();
        String job = "{\"pieceId\":\"" + piece + "\",\"count\":1,\"tracks\":[{\"track\":1,\"action\":\"REGENERATE\"}]}";
        HttpResponse<String> refused = null;
        int created = 0;
        // the default burst is 30, refilled at 2 a second: creating as fast as it can, the key is soon refused
        while (refused == null && created < 300) {
            HttpResponse<String> answer = hasty.client.exchange(hasty.client.request("/v1/jobs")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(job)));
            if (answer.statusCode() == 202) created++;
            else refused = answer;
        }
        assertThat(created).isGreaterThanOrEqualTo(30);
        assertThat(refused).isNotNull();
        assertThat(Problem.of(refused)).extracting(Problem::status, Problem::code).containsExactly(429, "rate-limited");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void refusesAnEditThatWouldLeaveMoreTracksThanAnUploadMayHave() {
        String many = "{\"addTracks\":[" + String.join(",", java.util.Collections.nCopies(300, "{\"program\":40}")) + "]}";
        assertThat(edit(many)).extracting(Problem::status, Problem::code).containsExactly(400, "too-many-tracks");
    }

    @Test
    void refusesAJobAddingMoreTracksThanTheModelTakes() {
        String added = String.join(",", java.util.Collections.nCopies(40, "{\"program\":40}"));
        Problem problem = postJob("{\"pieceId\":\"" + pieceId + "\",\"count\":1,\"newTracks\":[" + added + "]}");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "too-many-tracks");
    }

    @Test
    void refusesNullEntriesInRequestArraysNamingTheEntry() {
        Problem tracks = postJob("{\"pieceId\":\"" + pieceId + "\",\"count\":1,\"tracks\":[null]}");
        Problem bars = postJob(infill("1,null"));
        Problem drops = edit("{\"dropTracks\":[null]}");
        assertThat(List.of(tracks, bars, drops)).extracting(Problem::status, Problem::code)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(400, "null-entry"));
        assertThat(tracks.detail()).contains("tracks[0]");
    }

    @Test
    void refusesAPathWithMoreThanOneSpellingBeforeTheKeyIsChecked() {
        for (String path : List.of("//v1/pieces", "/v1/pieces/..", "/v1/pieces/%2e%2e", "/v1;x/pieces")) {
            Problem problem = send(HttpRequest.newBuilder(java.net.URI.create(stack.gatewayUrl() + path)).GET());
            assertThat(problem).as(path).extracting(Problem::status, Problem::code).containsExactly(400, "malformed-path");
        }
    }

    @Test
    void describesAWrongValueByItsFieldAndKindNeverByOurTypes() {
        Problem problem = postJob("{\"pieceId\":\"" + pieceId + "\",\"count\":\"many\"}");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(400, "malformed-json");
        assertThat(problem.detail()).isEqualTo("'count' must be a whole number (within range).");
    }

    @Test
    void refusesAJobTooLargeForTheBrokerBeforeStoringIt() throws Exception {
        // 1,600 bars of sixteenths: a file far under the upload limit whose notes make a plan of megabytes
        javax.sound.midi.Sequence sequence = new javax.sound.midi.Sequence(javax.sound.midi.Sequence.PPQ, 96);
        javax.sound.midi.Track track = sequence.createTrack();
        for (int i = 0; i < 1_600 * 16; i++) {
            track.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(
                    javax.sound.midi.ShortMessage.NOTE_ON, 0, 48 + i % 24, 90), i * 24L));
            track.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(
                    javax.sound.midi.ShortMessage.NOTE_OFF, 0, 48 + i % 24, 0), i * 24L + 20));
        }
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        javax.sound.midi.MidiSystem.write(sequence, 1, file);
        String piece = api.uploadPiece("long.mid", file.toByteArray()).get("id").asString();
        long jobsBefore = api.get("/v1/jobs?size=1").get("total").asLong();

        Problem problem = postJob("{\"pieceId\":\"" + piece + "\",\"count\":1,\"tracks\":[{\"track\":1,\"action\":\"REGENERATE\"}]}");
        assertThat(problem).extracting(Problem::status, Problem::code).containsExactly(413, "too-large-for-pipeline");
        assertThat(api.get("/v1/jobs?size=1").get("total").asLong()).isEqualTo(jobsBefore);
    }

    private Problem upload(String name, byte[] content) {
        return send(api.uploadRequest(name, content));
    }

    private Problem edit(String body) {
        return send(api.request("/v1/pieces/" + pieceId + "/edits").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
