package io.polyphon.standalone.stack;

import io.polyphon.standalone.client.PolyphonClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static io.polyphon.contract.Messages.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A piece's life through the public API on the local stack: two uploads of one file told apart in the list, a
 * rename, a delete that leaves the composer's results (the jobs made from the piece and their samples) readable,
 * and another key's piece out of reach. The summary the stack answers has the shape the API document gives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PieceLifecycleIT {

    LocalStack stack;
    ApiSession owner;
    PolyphonClient api;

    @BeforeAll
    void startStack() throws Exception {
        stack = LocalStack.start(Files.createTempDirectory("polyphon-pieces"), PipelineAcceptance.model());
        owner = new ApiSession(stack, stack.apiKey());
        api = owner.client;
    }

    @AfterAll
    void stopStack() {
        if (stack != null) stack.close();
    }

    private HttpResponse<String> rename(PolyphonClient client, String pieceId, String body) {
        return client.exchange(client.request("/v1/pieces/" + pieceId).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> delete(PolyphonClient client, String pieceId) {
        return client.exchange(client.request("/v1/pieces/" + pieceId).DELETE());
    }

    private static String code(HttpResponse<String> response) {
        return json().readTree(response.body()).path("code").asString();
    }

    @Test
    void twoUploadsOfOneFileAreToldApartInTheList() {
        String first = owner.uploadSong();
        String second = owner.uploadSong();

        JsonNode items = api.get("/v1/pieces?size=1000").get("items");
        List<JsonNode> uploads = new ArrayList<>();
        for (JsonNode item : items) {
            if (item.get("id").asString().equals(first) || item.get("id").asString().equals(second)) uploads.add(item);
        }
        assertThat(uploads).extracting(item -> item.get("id").asString()).containsExactlyInAnyOrder(first, second);
        assertThat(java.time.Instant.parse(uploads.get(0).get("createdAt").asString()))
                .isAfterOrEqualTo(java.time.Instant.parse(uploads.get(1).get("createdAt").asString()));
        for (JsonNode upload : uploads) {
            assertThat(upload.get("name").asString()).isEqualTo(ApiSession.SONG.name());
            assertThat(upload.get("summary").get("bars").asInt()).isEqualTo(8);
            assertThat(upload.get("summary").get("tracks")).hasSize(ApiSession.SONG.tracks());
        }
    }

    @Test
    void aRenamedPieceShowsItsNewNameWhenReadAndInTheList() {
        String piece = owner.uploadSong();

        HttpResponse<String> renamed = rename(api, piece, "{\"name\":\"  the slow take  \"}");

        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(json().readTree(renamed.body()).get("name").asString()).isEqualTo("the slow take");
        assertThat(api.get("/v1/pieces/" + piece).get("name").asString()).isEqualTo("the slow take");
        assertThat(api.get("/v1/pieces?size=1000").get("items")).anySatisfy(item -> {
            assertThat(item.get("id").asString()).isEqualTo(piece);
            assertThat(item.get("name").asString()).isEqualTo("the slow take");
        });
    }

    @Test
    void aNameThatIsBlankOrTooLongIsRefusedAndTheNameStays() {
        String piece = owner.uploadSong();
        for (String name : List.of("   ", "x".repeat(201))) {
            HttpResponse<String> refused = rename(api, piece, "{\"name\":\"" + name + "\"}");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(code(refused)).isEqualTo("invalid-name");
            assertThat(json().readTree(refused.body()).path("detail").asString()).contains("200");
        }
        assertThat(api.get("/v1/pieces/" + piece).get("name").asString()).isEqualTo(ApiSession.SONG.name());
    }

    @Test
    void aDeletedPieceIsGoneButTheSamplesOfAJobOnItStillDownload() throws Exception {
        String piece = owner.uploadSong();
        String job = owner.infill(piece, 2, 11);
        owner.awaitState(job, "COMPLETED");
        byte[] sample = api.bytes("/v1/jobs/" + job + "/samples/0/midi");

        assertThat(delete(api, piece).statusCode()).isEqualTo(204);

        HttpResponse<String> read = api.exchange(api.request("/v1/pieces/" + piece).GET());
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(code(read)).isEqualTo("unknown-piece");
        assertThat(api.get("/v1/pieces?size=1000").get("items"))
                .noneSatisfy(item -> assertThat(item.get("id").asString()).isEqualTo(piece));
        assertThat(api.bytes("/v1/jobs/" + job + "/samples/0/midi")).isEqualTo(sample);
        assertThat(owner.zip(job)).hasSize(2);
        assertThat(api.get("/v1/jobs/" + job).get("pieceId").asString()).isEqualTo(piece);
    }

    @Test
    void aDeletedPieceCanNoLongerStartAJobOrAnEdit() {
        String piece = owner.uploadSong();
        assertThat(delete(api, piece).statusCode()).isEqualTo(204);

        HttpResponse<String> job = api.exchange(api.request("/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pieceId\":\"" + piece
                        + "\",\"count\":2,\"tracks\":[{\"track\":1,\"action\":\"regenerate\"}]}")));
        assertThat(job.statusCode()).isEqualTo(404);
        assertThat(code(job)).isEqualTo("unknown-piece");
        HttpResponse<String> edit = api.exchange(api.request("/v1/pieces/" + piece + "/edits")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"dropTracks\":[1]}")));
        assertThat(edit.statusCode()).isEqualTo(404);
        assertThat(code(edit)).isEqualTo("unknown-piece");
        assertThat(delete(api, piece).statusCode()).isEqualTo(404);
    }

    @Test
    void aPieceEditedFromADeletedOneKeepsItsParentsId() {
        String piece = owner.uploadSong();
        String edited = json().readTree(api.exchange(api.request("/v1/pieces/" + piece + "/edits")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"dropTracks\":[1]}"))).body()).get("id").asString();

        assertThat(delete(api, piece).statusCode()).isEqualTo(204);

        assertThat(api.get("/v1/pieces/" + edited).get("parentPieceId").asString()).isEqualTo(piece);
    }

    @Test
    void anotherKeysPieceCanBeNeitherRenamedNorDeleted() throws Exception {
        String piece = owner.uploadSong();
        PolyphonClient stranger = ApiSession.withNewKey(stack, "stranger").client;

        HttpResponse<String> renamed = rename(stranger, piece, "{\"name\":\"mine now\"}");
        HttpResponse<String> deleted = delete(stranger, piece);

        assertThat(renamed.statusCode()).isEqualTo(404);
        assertThat(code(renamed)).isEqualTo("unknown-piece");
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(code(deleted)).isEqualTo("unknown-piece");
        assertThat(api.get("/v1/pieces/" + piece).get("name").asString()).isEqualTo(ApiSession.SONG.name());
    }

    @Test
    void aPiecesSummaryHasTheFieldsTheApiDocumentGivesIt() {
        JsonNode summary = api.get("/v1/pieces/" + owner.uploadSong()).get("summary");
        JsonNode schemas = json().readTree(api.exchange(HttpRequest.newBuilder(
                URI.create(stack.gatewayUrl() + "/v1/openapi.json")).GET()).body()).get("components").get("schemas");

        assertThat(summary.propertyNames())
                .containsExactlyInAnyOrderElementsOf(schemas.get("PieceSummary").get("properties").propertyNames());
        assertThat(summary.get("tracks").get(0).propertyNames())
                .containsExactlyInAnyOrderElementsOf(schemas.get("TrackSummary").get("properties").propertyNames());
        assertThat(summary.get("timeSignatures").get(0).propertyNames())
                .containsExactlyInAnyOrderElementsOf(schemas.get("TimeSignatureSpan").get("properties").propertyNames());
    }
}
