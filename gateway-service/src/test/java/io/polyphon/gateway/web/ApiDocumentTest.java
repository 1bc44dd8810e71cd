package io.polyphon.gateway.web;

import io.polyphon.contract.Messages;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.EnableTestBinder;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API document as a client reads it, without a key: /docs loads (the browsable page and its configuration),
 * and the document says what each operation answers and what its bodies hold. Nothing here needs a service
 * behind the gateway (the test binder stands in for Kafka).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=gateway-service", "server.address=127.0.0.1",
                "POLYPHON_INTERNAL_SECRET=api-document-test-secret"})
@EnableTestBinder
class ApiDocumentTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode document() throws Exception {
        HttpResponse<String> answer = get("/v1/openapi.json");
        assertThat(answer.statusCode()).isEqualTo(200);
        return Messages.json().readTree(answer.body());
    }

    private static final String PROBLEM = "#/components/schemas/Problem";

    /** The schema an operation's response with {@code status} names for {@code mediaType}, as a $ref. */
    private static String responseRef(JsonNode operation, String status, String mediaType) {
        return operation.path("responses").path(status).path("content").path(mediaType).path("schema").path("$ref")
                .asString();
    }

    private static JsonNode schema(JsonNode document, String name) {
        return document.path("components").path("schemas").path(name);
    }

    @Test
    void theBrowsableDocumentLoadsWithoutAKey() throws Exception {
        HttpResponse<String> page = get("/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).endsWith("/index.html");
        assertThat(page.body()).contains("swagger-ui");

        HttpResponse<String> config = get("/v1/openapi.json/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(Messages.json().readTree(config.body()).path("url").asString()).isEqualTo("/v1/openapi.json");

        assertThat(document().path("paths").propertyNames()).contains("/v1/pieces", "/v1/jobs");
    }

    @Test
    void everythingElseUnderV1StillNeedsAKey() throws Exception {
        for (String path : List.of("/v1/pieces", "/v1/openapi.json/other", "/v1/openapi.json.yaml", "/%761/pieces")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(Messages.json().readTree(answer.body()).path("code").asString()).as(path).isEqualTo("missing-key");
        }
        // a path with more than one spelling is refused before the key is even looked at
        for (String path : List.of("/v1;x/pieces", "//v1/pieces", "/v1/pieces/..")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(Messages.json().readTree(answer.body()).path("code").asString()).as(path).isEqualTo("malformed-path");
        }
    }

    @Test
    void anUploadAnswers201WithItsLocationOrAProblemForAFileItCannotUse() throws Exception {
        JsonNode upload = document().path("paths").path("/v1/pieces").path("post");
        assertThat(responseRef(upload, "201", "application/json")).isEqualTo("#/components/schemas/Piece");
        assertThat(upload.path("responses").path("201").path("headers").has("Location")).isTrue();
        assertThat(responseRef(upload, "422", "application/problem+json")).isEqualTo(PROBLEM);
        assertThat(upload.path("responses").path("422").path("description").asString()).contains("not-midi");
        assertThat(responseRef(upload, "413", "application/problem+json")).isEqualTo(PROBLEM);
    }

    @Test
    void aNewJobAnswers202AndNamesItsRefusals() throws Exception {
        JsonNode create = document().path("paths").path("/v1/jobs").path("post");
        assertThat(responseRef(create, "202", "application/json")).isEqualTo("#/components/schemas/Job");
        assertThat(responseRef(create, "200", "application/json")).isEqualTo("#/components/schemas/Job");
        for (String status : List.of("400", "404", "429")) {
            assertThat(responseRef(create, status, "application/problem+json")).as(status).isEqualTo(PROBLEM);
        }
        assertThat(create.path("responses").path("429").path("description").asString()).contains("quota-exceeded");
    }

    @Test
    void everyOperationDocumentsTheKeyAndUpstreamRefusals() throws Exception {
        JsonNode paths = document().path("paths");
        int operations = 0;
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                JsonNode operation = paths.path(path).path(method);
                for (String status : List.of("401", "502", "503")) {
                    assertThat(responseRef(operation, status, "application/problem+json"))
                            .as(method + " " + path + " " + status).isEqualTo(PROBLEM);
                }
                operations++;
            }
        }
        assertThat(operations).isGreaterThan(10);
    }

    @Test
    void theProblemSchemaHasTheFieldsOfEveryRefusal() throws Exception {
        assertThat(schema(document(), "Problem").path("properties").propertyNames())
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "code");
    }

    @Test
    void aJobsCountIsDescribedAndBoundedOneToAThousand() throws Exception {
        JsonNode count = schema(document(), "JobRequest").path("properties").path("count");
        assertThat(count.path("minimum").asInt()).isEqualTo(1);
        assertThat(count.path("maximum").asInt()).isEqualTo(1000);
        assertThat(count.path("description").asString()).isNotBlank();
    }

    @Test
    void aTracksControlsAreDescribedWithTheirRanges() throws Exception {
        JsonNode document = document();
        JsonNode track = schema(document, "TrackRequest").path("properties");
        assertThat(track.path("track").path("description").asString()).isNotBlank();
        assertThat(track.path("controls").path("$ref").asString()).isEqualTo("#/components/schemas/Controls");
        JsonNode density = schema(document, "Controls").path("properties").path("density");
        assertThat(density.path("minimum").asInt()).isEqualTo(1);
        assertThat(density.path("maximum").asInt()).isEqualTo(10);
        assertThat(density.path("description").asString()).isNotBlank();
    }

    @Test
    void aPiecesSummaryHasTypedTracks() throws Exception {
        JsonNode document = document();
        assertThat(schema(document, "Piece").path("properties").path("summary").path("$ref").asString())
                .isEqualTo("#/components/schemas/PieceSummary");
        JsonNode tracks = schema(document, "PieceSummary").path("properties").path("tracks");
        assertThat(tracks.path("items").path("$ref").asString()).isEqualTo("#/components/schemas/TrackSummary");
        assertThat(schema(document, "TrackSummary").path("properties").propertyNames()).contains("number",
                "instrument", "program", "drum", "notes", "density", "minPolyphony", "maxPolyphony", "minDuration",
                "maxDuration");
    }

    /** The endpoints of the top README's API table, "GET /v1/jobs/{id}", with ".../x" written out. */
    private static List<String> readmeEndpoints() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("polyphon.home", "..")).resolve("README.md"));
        String table = readme.substring(readme.indexOf("| Endpoint |"));
        table = table.substring(0, table.indexOf("\n\n"));
        List<String> endpoints = new ArrayList<>();
        Matcher cell = Pattern.compile("\\| `(?:(GET|POST|PATCH|PUT|DELETE) )?(/v1/[^` ?]*|\\.\\.\\./[^` ?]*)")
                .matcher("");
        Matcher endpoint = Pattern.compile("`(?:(GET|POST|PATCH|PUT|DELETE) )?(/v1/[^` ?]*|\\.\\.\\./[^` ?]*)")
                .matcher("");
        for (String row : table.split("\n")) {
            if (!cell.reset(row).lookingAt()) continue;
            String method = null;
            String written = null;
            // only the first cell names endpoints; the second may quote paths as examples
            String first = row.substring(0, row.indexOf(" |", 2));
            for (endpoint.reset(first); endpoint.find(); ) {
                if (endpoint.group(1) != null) method = endpoint.group(1);
                String path = endpoint.group(2);
                if (path.startsWith("...")) {
                    path = written.substring(0, written.lastIndexOf('/')) + path.substring(3);
                } else {
                    written = path;
                }
                endpoints.add(method + " " + path);
            }
        }
        return endpoints;
    }

    @Test
    void everyEndpointOfTheReadmesApiTableIsInTheDocument() throws Exception {
        JsonNode paths = document().path("paths");
        List<String> endpoints = readmeEndpoints();
        assertThat(endpoints).contains("GET /v1/jobs/{id}/samples/{index}/midi", "POST /v1/pieces");
        for (String endpoint : endpoints) {
            String[] parts = endpoint.split(" ");
            assertThat(paths.path(parts[1]).has(parts[0].toLowerCase(Locale.ROOT))).as(endpoint).isTrue();
        }
    }
}
