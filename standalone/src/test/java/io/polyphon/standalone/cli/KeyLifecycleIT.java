package io.polyphon.standalone.cli;

import io.polyphon.contract.InternalCredential;
import io.polyphon.standalone.client.ApiException;
import io.polyphon.standalone.client.PolyphonClient;
import io.polyphon.standalone.stack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key's life on the local stack through {@code polyphon keys} and the admin API: created, listed, rotated, revoked
 * and then refused by the gateway once its key cache has let it go (5 s by default); a normal key is 403 on the admin
 * API; the audit trail shows the key's use and its job; and storage and the MIDI service refuse any caller without
 * the stack's internal credential.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyLifecycleIT {

    private static final Pattern SECRET = Pattern.compile("(?m)^secret: (\\S+)$");
    private static final Pattern ID = Pattern.compile("(?m)^id: +(\\S+)$");

    LocalStack stack;
    Path data;
    final Path home = Path.of(System.getProperty("polyphon.home", ".."));

    @BeforeAll
    void startStack() throws Exception {
        data = Files.createTempDirectory("polyphon-keys");
        stack = LocalStack.start(data, home.resolve("model/polyphon-mmm.onnx"));
    }

    @AfterAll
    void stopStack() {
        if (stack != null) stack.close();
    }

    /** Runs {@code polyphon keys ...} against the stack with the admin key serve keeps; its output, status 0 expected. */
    private String keys(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PolyphonCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = Stream.concat(Stream.of("keys"), Stream.concat(Stream.of(args),
                Stream.of("--server", stack.gatewayUrl(), "--data", data.toString()))).toArray(String[]::new);
        assertThat(cli.execute(all)).as("keys %s: %s", List.of(args), err).isZero();
        return out.toString();
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in %s", pattern, text).isTrue();
        return m.group(1);
    }

    private int status(String key, String path) {
        try {
            new PolyphonClient(stack.gatewayUrl(), key).get(path);
            return 200;
        } catch (ApiException refused) {
            return refused.status();
        }
    }

    /** Waits, up to a minute, for the condition; the seconds it took. */
    private static double secondsUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long began = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - began > 60_000_000_000L) throw new AssertionError("gave up waiting for " + what);
            Thread.sleep(100);
        }
        return (System.nanoTime() - began) / 1e9;
    }

    @Test
    void aRevokedKeyIsRefusedByTheGatewayOnceItsCacheLetsItGo() throws Exception {
        String created = keys("create", "to-revoke");
        String id = group(ID, created);
        String secret = group(SECRET, created);
        assertThat(status(secret, "/v1/jobs")).isEqualTo(200); // now remembered by the gateway
        assertThat(keys("list")).contains(id).contains("to-revoke");

        assertThat(keys("revoke", id)).contains("REVOKED");
        double seconds = secondsUntil(() -> status(secret, "/v1/jobs") == 401, "the revoked key to be refused");
        System.out.printf("keys: a revoked key was refused %.1f s after the revoke (key-cache TTL 5 s)%n", seconds);
        assertThat(keys("list")).containsPattern(id + " +REVOKED");
    }

    @Test
    void aRotatedKeyKeepsWhatItOwnsUnderItsNewSecretAndTheOldOneStopsWorking() throws Exception {
        String created = keys("create", "to-rotate");
        String id = group(ID, created);
        String old = group(SECRET, created);
        String piece = new PolyphonClient(stack.gatewayUrl(), old)
                .uploadPiece("band.mid", Files.readAllBytes(home.resolve("examples/band.mid"))).get("id").asString();

        String rotated = keys("rotate", id);
        assertThat(group(ID, rotated)).isEqualTo(id);
        String fresh = group(SECRET, rotated);
        assertThat(status(fresh, "/v1/pieces/" + piece)).isEqualTo(200);
        secondsUntil(() -> status(old, "/v1/jobs") == 401, "the old secret to be refused");
    }

    @Test
    void aKeyWithoutTheAdminScopeIsForbiddenTheAdminApi() {
        assertThatThrownBy(() -> new PolyphonClient(stack.gatewayUrl(), stack.apiKey()).get("/v1/admin/keys"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("admin-only");
                });
    }

    @Test
    void theAuditTrailShowsAKeysUseAndTheJobsItCreated() throws Exception {
        String created = keys("create", "audited");
        String id = group(ID, created);
        PolyphonClient client = new PolyphonClient(stack.gatewayUrl(), group(SECRET, created));
        String piece = client.uploadPiece("band.mid", Files.readAllBytes(home.resolve("examples/band.mid")))
                .get("id").asString();
        String job = client.createJob("{\"pieceId\":\"" + piece + "\",\"count\":2,\"seed\":3,"
                + "\"tracks\":[{\"track\":2,\"action\":\"infill\",\"bars\":[5]}]}", null).get("id").asString();

        JsonNode trail = new PolyphonClient(stack.gatewayUrl(), stack.adminKey()).get("/v1/admin/audit?keyId=" + id);
        List<String> actions = new ArrayList<>();
        trail.get("items").forEach(r -> actions.add(r.get("action").asString() + " " + r.path("jobId").asString("")));
        assertThat(actions).contains("job-created " + job, "key-used ", "key-created ");
    }

    @Test
    void storageAndTheMidiServiceRefuseACallerWithoutTheInternalCredential() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> mint = http.send(HttpRequest.newBuilder(URI.create(stack.storageUrl() + "/keys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"intruder\",\"scopes\":[\"admin\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mint.statusCode()).isEqualTo(401);
        assertThat(mint.body()).contains("internal-credential-required").doesNotContain("secret\":\"pk_");

        HttpResponse<String> inspect = http.send(HttpRequest.newBuilder(URI.create(stack.midiUrl() + "/pieces/inspect"))
                .header("Content-Type", "audio/midi").header(InternalCredential.HEADER, "a guess, not the secret")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(home.resolve("examples/band.mid"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inspect.statusCode()).isEqualTo(401);
    }
}
