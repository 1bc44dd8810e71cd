package io.polyphon.standalone.stack;

import io.polyphon.standalone.client.PolyphonClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.polyphon.contract.Messages.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile-input campaign against the local stack (no worker): 10,000 generated requests over uploads, job, edit
 * and rename bodies, headers and paths (mutations of valid requests, random bytes, boundary numbers, wrong types),
 * sent as raw bytes. Each must be answered within the socket's bound with a success or a 4xx problem whose
 * {@code code} is set and whose detail names none of our classes or Java's types; never a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    static final int CASES = 10_000;
    // what an answer may take; a case past it failed (the edge's read timeout is 10 s)
    static final int BOUND_MILLIS = 15_000;
    static final Pattern OUR_NAMES = Pattern.compile("java\\.|javax\\.|jakarta\\.|jackson|io\\.polyphon|springframework"
            + "|org\\.apache|Exception|\\.java:|JobRequest|TrackRequest|AddedTrack|AddTrack|PieceEdit|PieceRename"
            + "|GenerationRequest|NewTrack|TrackAction|NoteLength|\\bControls\\b|`\\w+`|\\bInteger\\b|\\bLong\\b");

    LocalStack stack;
    String key;
    String pieceId;
    String jobId;
    byte[] midi;
    RawHttp http;
    final java.util.concurrent.ConcurrentMap<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void startStack() throws Exception {
        stack = LocalStack.start(Files.createTempDirectory("polyphon-hostile"), PipelineAcceptance.model(), false, 0);
        key = stack.apiKey();
        midi = Files.readAllBytes(GatewayErrorsIT.band());
        PolyphonClient api = new PolyphonClient(stack.gatewayUrl(), key);
        pieceId = api.uploadPiece("band.mid", midi).get("id").asString();
        jobId = api.createJob(validJob().toString(), null).get("id").asString();
        http = new RawHttp(stack.gatewayUrl(), BOUND_MILLIS);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) stack.close();
    }

    /** One generated request, named for the failure message. */
    record Case(String name, byte[] bytes) {
    }

    @Test
    void everyHostileRequestIsAnsweredWithASuccessOrAProblemWithACodeAndNeverA5xx() throws Exception {
        List<Case> cases = new Cases(new Random(11)).all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(CASES);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        statuses.clear();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        for (Case c : cases) pool.submit(() -> check(c, failures));
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).isTrue();
        System.out.println("hostile-input campaign: " + cases.size() + " cases, answers by status " + new java.util.TreeMap<>(statuses));
        assertThat(failures).as("%d of %d cases", failures.size(), cases.size()).isEmpty();
    }

    private void check(Case c, ConcurrentLinkedQueue<String> failures) {
        try {
            RawHttp.Answer answer = http.send(c.bytes());
            statuses.merge(answer.status(), 1, Integer::sum);
            String head = new String(c.bytes(), 0, Math.min(160, c.bytes().length), StandardCharsets.ISO_8859_1);
            String why = problemWith(answer, head.startsWith("HEAD "));
            if (why != null) failures.add(c.name() + ": " + why + " <- " + head.replace("\r\n", " | "));
        } catch (IOException | RuntimeException e) {
            failures.add(c.name() + ": no answer within the bound: " + e);
        }
    }

    /** What is wrong with an answer, or null if nothing. */
    static String problemWith(RawHttp.Answer answer, boolean head) {
        int status = answer.status();
        if (status >= 500) return status + " " + abbreviate(answer.body());
        if (status < 400) return status < 200 ? "status " + status : null;
        if (head) return null;
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return status + " without a problem body (" + type + "): " + abbreviate(answer.body());
        }
        JsonNode problem;
        try {
            problem = json().readTree(answer.body());
        } catch (RuntimeException notJson) {
            return status + " with a body that is not one JSON object: " + abbreviate(answer.body());
        }
        if (problem.path("code").asString("").isBlank()) return status + " without a code: " + abbreviate(answer.body());
        String detail = problem.path("detail").asString("");
        if (OUR_NAMES.matcher(detail).find()) return status + " names our code or Java's: " + detail;
        if (status == 429 || (status == 503 && !"service-unavailable".equals(problem.path("code").asString()))) {
            if (answer.header("retry-after") == null) return status + " without Retry-After";
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    ObjectNode validJob() {
        ObjectNode job = JsonNodeFactory.instance.objectNode();
        job.put("pieceId", pieceId).put("count", 3).put("seed", 7).put("temperature", 1.0);
        ArrayNode tracks = job.putArray("tracks");
        tracks.addObject().put("track", 2).put("action", "infill").putArray("bars").add(5).add(6);
        ObjectNode regenerate = tracks.addObject().put("track", 1).put("action", "regenerate");
        regenerate.putObject("controls").put("density", 3).put("minPolyphony", 1).put("maxPolyphony", 3)
                .put("minDuration", "eighth").put("maxDuration", "half").put("polyphonyLimit", 4);
        job.putArray("newTracks").addObject().put("instrument", "Violin").put("temperature", 1.2);
        return job;
    }

    static ObjectNode validEdit() {
        ObjectNode edit = JsonNodeFactory.instance.objectNode();
        edit.putArray("dropTracks").add(3);
        ArrayNode add = edit.putArray("addTracks");
        add.addObject().put("instrument", "Violin");
        add.addObject().put("program", 33);
        add.addObject().put("drum", true);
        return edit;
    }

    /** The generated requests, from one seed so a failure can be replayed. */
    final class Cases {

        private final Random random;
        private final List<Case> cases = new ArrayList<>();

        Cases(Random random) {
            this.random = random;
        }

        List<Case> all() {
            for (int i = 0; i < 3_200; i++) jobBody(i);
            for (int i = 0; i < 1_400; i++) editBody(i);
            for (int i = 0; i < 500; i++) renameBody(i);
            for (int i = 0; i < 1_600; i++) upload(i);
            for (int i = 0; i < 1_300; i++) header(i);
            for (int i = 0; i < 2_000; i++) path(i);
            return cases;
        }

        private void add(String name, String head, byte[] body) {
            cases.add(new Case(name, RawHttp.request(head, body)));
        }

        private String headers(String method, String path, String type, int length) {
            return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                    + key + (type == null ? "" : "\r\nContent-Type: " + type) + "\r\nContent-Length: " + length;
        }

        private void json(String name, String method, String path, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            add(name, headers(method, path, "application/json", bytes.length), bytes);
        }

        // ---- JSON bodies ----

        private void jobBody(int i) {
            json("job " + i, "POST", "/v1/jobs", mutatedJson(validJob(), i));
        }

        private void editBody(int i) {
            json("edit " + i, "POST", "/v1/pieces/" + pieceId + "/edits", mutatedJson(validEdit(), i));
        }

        private void renameBody(int i) {
            ObjectNode rename = JsonNodeFactory.instance.objectNode().put("name", "take " + i);
            json("rename " + i, "PATCH", "/v1/pieces/" + pieceId, mutatedJson(rename, i));
        }

        /** A valid body mutated one to three times, or (one in ten) not JSON at all. */
        private String mutatedJson(ObjectNode valid, int i) {
            switch (i % 10) {
                case 0 -> {
                    if (random.nextBoolean()) return "[".repeat(5000) + "]".repeat(5000);
                    return new String(randomBytes(random.nextInt(200)), StandardCharsets.ISO_8859_1);
                }
                case 1 -> {
                    String text = valid.toString();
                    return text.substring(0, random.nextInt(text.length()));
                }
                default -> {
                    JsonNode tree = valid.deepCopy();
                    for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) tree = mutate(tree);
                    return tree.toString();
                }
            }
        }

        private JsonNode mutate(JsonNode root) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers, 0);
            if (containers.isEmpty()) return oddValue();
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object) {
                List<String> names = new ArrayList<>(object.propertyNames());
                int what = random.nextInt(4);
                if (what == 0 || names.isEmpty()) object.set(randomName(), oddValue());
                else if (what == 1) object.remove(names.get(random.nextInt(names.size())));
                else object.set(names.get(random.nextInt(names.size())), oddValue());
            } else if (target instanceof ArrayNode array) {
                int what = random.nextInt(4);
                if (what == 0) array.add(oddValue());
                else if (what == 1 && !array.isEmpty()) array.set(random.nextInt(array.size()), oddValue());
                else if (what == 2) {
                    JsonNode copy = array.isEmpty() ? oddValue() : array.get(0);
                    for (int k = 0, n = 1 + random.nextInt(600); k < n; k++) array.add(copy.deepCopy());
                } else array.addNull();
            }
            return random.nextInt(40) == 0 ? oddValue() : root;
        }

        private void collect(JsonNode node, List<JsonNode> containers, int depth) {
            // not into a deep nest made before, so a body stays writable (500 levels at most)
            if ((node.isObject() || node.isArray()) && depth < 8) {
                containers.add(node);
                for (JsonNode child : node.values()) collect(child, containers, depth + 1);
            }
        }

        private String randomName() {
            return List.of("track", "bars", "count", "seed", "controls", "action", "program", "drum", "instrument",
                    "pieceId", "sampleId", "barsPerStep", "temperature", "newTracks", "dropTracks", "addTracks",
                    "name", "x", "", "__proto__").get(random.nextInt(20));
        }

        /** A value of the wrong kind, at a boundary, or simply strange. */
        private JsonNode oddValue() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            return switch (random.nextInt(24)) {
                case 0 -> f.nullNode();
                case 1 -> f.numberNode(-1);
                case 2 -> f.numberNode(0);
                case 3 -> f.numberNode(Integer.MAX_VALUE);
                case 4 -> f.numberNode(Long.MAX_VALUE);
                case 5 -> f.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
                case 6 -> f.numberNode(1e308);
                case 7 -> f.numberNode(-0.0);
                case 8 -> f.numberNode(0.49999);
                case 9 -> f.stringNode("");
                case 10 -> f.stringNode("x".repeat(1 + random.nextInt(5000)));
                case 11 -> f.stringNode("\u0000\uFFFF\uD83C\uDFB5 ../../etc/passwd");
                case 12 -> f.booleanNode(random.nextBoolean());
                case 13 -> f.arrayNode();
                case 14 -> f.objectNode();
                case 15 -> nested(random.nextInt(450));
                case 16 -> f.stringNode("INFILL");
                case 17 -> f.stringNode("no-such-id:" + random.nextInt(5));
                case 18 -> f.numberNode(1001);
                case 19 -> f.numberNode(33);
                case 20 -> f.stringNode(jobId + ":0");
                case 21 -> f.numberNode(random.nextInt(200) - 50);
                case 22 -> f.arrayNode().add(f.nullNode()).add(1);
                default -> f.stringNode(pieceId);
            };
        }

        private JsonNode nested(int depth) {
            JsonNode node = JsonNodeFactory.instance.numberNode(1);
            for (int d = 0; d < depth; d++) node = JsonNodeFactory.instance.arrayNode().add(node);
            return node;
        }

        private byte[] randomBytes(int n) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            return bytes;
        }

        // ---- uploads ----

        private void upload(int i) {
            String boundary = "b" + random.nextInt(1_000_000);
            byte[] file = switch (i % 6) {
                case 0 -> randomBytes(random.nextInt(3000));
                case 1 -> java.util.Arrays.copyOf(midi, random.nextInt(midi.length));
                default -> {
                    byte[] flipped = midi.clone();
                    for (int k = 0, n = 1 + random.nextInt(20); k < n; k++) {
                        flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                    }
                    yield flipped;
                }
            };
            String type = "multipart/form-data; boundary=" + boundary;
            String partHead = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f" + i
                    + ".mid\"\r\nContent-Type: audio/midi\r\n\r\n";
            String tail = "\r\n--" + boundary + "--\r\n";
            switch (random.nextInt(12)) {
                case 0 -> type = "multipart/form-data";
                case 1 -> type = "multipart/form-data; boundary=";
                case 2 -> tail = "";
                case 3 -> partHead = partHead.replace("name=\"file\"", "name=\"other\"");
                case 4 -> partHead = partHead.replace("--" + boundary, "--wrong");
                case 5 -> partHead = "--" + boundary + "\r\n\r\n";
                case 6 -> partHead = partHead + partHead;
                case 7 -> partHead = partHead.replace("f" + i + ".mid", "../\u00e9\"; x=\"" + "y".repeat(random.nextInt(3000)));
                case 8 -> type = "multipart/mixed; boundary=" + boundary;
                case 9 -> partHead = partHead.replace("Content-Disposition: form-data", "Content-Disposition: attachment");
                default -> { }
            }
            byte[] body = concat(partHead.getBytes(StandardCharsets.UTF_8), file, tail.getBytes(StandardCharsets.UTF_8));
            if (random.nextInt(15) == 0) body = randomBytes(random.nextInt(4000));
            add("upload " + i, headers("POST", "/v1/pieces" + (random.nextInt(8) == 0 ? "?name=" + "%zz%00" : ""),
                    type, body.length), body);
        }

        private byte[] concat(byte[]... parts) {
            int length = 0;
            for (byte[] part : parts) length += part.length;
            byte[] all = new byte[length];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        }

        // ---- headers ----

        private void header(int i) {
            String path = List.of("/v1/jobs", "/v1/pieces", "/v1/pieces/" + pieceId, "/v1/jobs/" + jobId,
                    "/v1/jobs/" + jobId + "/samples").get(random.nextInt(5));
            String base = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close";
            String auth = "\r\nAuthorization: Bearer " + key;
            String head = switch (i % 13) {
                case 0 -> base + auth + "\r\nX-Big: " + "a".repeat(8_000 + random.nextInt(60_000));
                case 1 -> base + auth + "\r\nX-Many: 1".repeat(100 + random.nextInt(400));
                case 2 -> base + "\r\nAuthorization: " + List.of("Bearer", "Bearer ", "Basic abc", "Bearer pk_" + "x".repeat(5000),
                        "Bearer \u00e9\u00ff", "bearer  " + key + " extra", "Bearer " + key + "\u0000", "Token " + key).get(random.nextInt(8));
                case 3 -> base + auth + "\r\nAccept: " + List.of("application/xml", "text/event-stream", "*/*;q=x", "image/png", "").get(random.nextInt(5));
                case 4 -> base + auth + "\r\nIdempotency-Key: " + "k".repeat(random.nextInt(9000));
                case 5 -> base + auth + "\r\nAccept-Encoding: " + List.of("gzip", "br", "identity;q=0", "x".repeat(3000)).get(random.nextInt(4));
                case 6 -> base + auth + "\r\nContent-Length: " + List.of("-1", "abc", "99999999999999999999", "0, 5").get(random.nextInt(4));
                case 7 -> base + auth + "\r\nTransfer-Encoding: " + List.of("gzip", "chunked, chunked", "identity", "x").get(random.nextInt(4));
                case 8 -> base + auth + "\r\n" + new String(randomBytes(1 + random.nextInt(60)), StandardCharsets.ISO_8859_1).replace("\r", "").replace("\n", "") + ": v";
                case 9 -> base + auth + "\r\nLast-Event-ID: " + List.of("-5", "abc", "99999999999999999999", "").get(random.nextInt(4));
                case 10 -> base + auth + "\r\nHost: second.example";
                case 11 -> base.replace("HTTP/1.1", List.of("HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "http/1.1").get(random.nextInt(4))) + auth;
                default -> base + auth + "\r\nRange: bytes=" + random.nextInt(100) + "-" + random.nextInt(10);
            };
            add("header " + i, head, new byte[0]);
        }

        // ---- paths and methods ----

        private void path(int i) {
            String id = pieceId;
            String p = List.of("/v1/pieces", "/v1/pieces/" + id, "/v1/pieces/" + id + "/midi",
                    "/v1/pieces/" + id + "/notes", "/v1/jobs", "/v1/jobs/" + jobId, "/v1/jobs/" + jobId + "/samples",
                    "/v1/jobs/" + jobId + "/samples/0", "/v1/jobs/nope/events", "/v1/jobs/" + jobId + "/samples.zip",
                    "/v1/openapi.json", "/", "/docs", "/v1/pieces/" + id + "/edits").get(random.nextInt(14));
            String mutated = switch (random.nextInt(16)) {
                case 0 -> "/" + p;
                case 1 -> p + "/";
                case 2 -> p.replace("/v1/", "/v1//");
                case 3 -> p.replace("/v1", "/%76%31");
                case 4 -> p + "%2F..%2F";
                case 5 -> p + "/%00";
                case 6 -> p + "/%ff%fe";
                case 7 -> p + "/%zz";
                case 8 -> p.replace("/v1", "/v1;jsessionid=x");
                case 9 -> p + "/./..";
                case 10 -> p + "/" + "s".repeat(random.nextInt(12_000));
                case 11 -> p + "?page=" + List.of("-1", "abc", "99999999999", "1e3", "").get(random.nextInt(5))
                        + "&size=" + List.of("0", "1001", "-5", "x", "50").get(random.nextInt(5)) + "&sort=" + List.of("score", "index", "%00", "").get(random.nextInt(4));
                case 12 -> p.replace("/v1", "/V1");
                case 13 -> p + "/\u00e9\u00ff";
                case 14 -> p + "#frag";
                default -> p.replace(id, List.of("..", "%2e%2e", "x".repeat(300), "%20", "a:b:c", jobId + ":-1").get(random.nextInt(6)));
            };
            String method = List.of("GET", "GET", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "TRACE", "FOO",
                    "PROPFIND", "DELETE", "get", "G\u00e9T").get(random.nextInt(14));
            if (method.equals("DELETE")) mutated = mutated.replace(pieceId, "not-the-piece");
            String head = method + " " + mutated + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close"
                    + (random.nextInt(5) == 0 ? "" : "\r\nAuthorization: Bearer " + key);
            add("path " + i, head, new byte[0]);
        }
    }

}
