package io.polyphon.standalone.stack;

import io.polyphon.standalone.client.PolyphonClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients on real sockets against the local stack's gateway: hundreds that trickle their headers or bodies,
 * with or without a key, while other clients go about their business. The slow ones must cost sockets, not the
 * threads everyone else needs, and a key's uploads beyond its share are refused at once with 429 and Retry-After.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientsIT {

    static final int SLOW_BODIES_WITHOUT_KEY = 300;
    static final int SLOW_HEADERS = 100;

    LocalStack stack;
    byte[] midi;
    final List<Socket> slow = new ArrayList<>();
    final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void startStack() throws Exception {
        stack = LocalStack.start(Files.createTempDirectory("polyphon-slow"), PipelineAcceptance.model(), false, 0);
        midi = Files.readAllBytes(GatewayErrorsIT.band());
    }

    @AfterEach
    void closeSlowClients() {
        for (Socket socket : slow) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is asked of it
            }
        }
        slow.clear();
    }

    @AfterAll
    void stopStack() {
        trickle.shutdownNow();
        if (stack != null) stack.close();
    }

    /** Opens a connection that sends {@code head} and then one byte of {@code drip} a second, for as long as it lasts. */
    private Socket slowly(String head, char drip) throws IOException {
        URI gateway = URI.create(stack.gatewayUrl());
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        trickle.scheduleAtFixedRate(() -> {
            try {
                out.write(drip);
                out.flush();
            } catch (IOException closed) {
                throw new IllegalStateException("closed"); // ends this client's drip
            }
        }, 1, 1, TimeUnit.SECONDS);
        slow.add(socket);
        return socket;
    }

    private static String uploadHead(String key, long length) {
        return "POST /v1/pieces HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " + length + "\r\n\r\n";
    }

    @Test
    void hundredsOfSlowClientsWithoutAKeyLeaveTheGatewayAnsweringEveryoneElse() throws Exception {
        for (int i = 0; i < SLOW_BODIES_WITHOUT_KEY; i++) slowly(uploadHead(null, 1_000_000), 'a');
        for (int i = 0; i < SLOW_HEADERS; i++) slowly("GET /v1/pieces HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", 'b');
        Thread.sleep(2_000); // every slow client has been answered 401 (or is still sending its headers) and drips on

        PolyphonClient api = new PolyphonClient(stack.gatewayUrl(), stack.apiKey());
        HttpResponse<String> upload = api.exchange(api.uploadRequest("band.mid", midi).timeout(Duration.ofSeconds(10)));
        HttpResponse<String> list = api.exchange(api.request("/v1/pieces").timeout(Duration.ofSeconds(10)).GET());
        assertThat(upload.statusCode()).isEqualTo(201);
        assertThat(list.statusCode()).isEqualTo(200);
    }

    @Test
    void aKeysSlowUploadsBeyondItsShareAreRefusedAtOnceWithRetryAfterAndOtherKeysStillUpload() throws Exception {
        ApiSession greedy = ApiSession.withNewKey(stack, "greedy");
        String greedyKey = greedy.client.apiKey();
        for (int i = 0; i < 4; i++) slowly(uploadHead(greedyKey, 1_000_000), 'a'); // its share, each held open
        Thread.sleep(1_000);
        Socket fifth = slowly(uploadHead(greedyKey, 1_000_000), 'a');
        fifth.setSoTimeout(10_000);
        String answer = readHead(fifth.getInputStream());
        assertThat(answer).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:")
                .contains("application/problem+json");

        ApiSession other = ApiSession.withNewKey(stack, "patient");
        HttpResponse<String> upload = other.client.exchange(other.client.uploadRequest("band.mid", midi)
                .timeout(Duration.ofSeconds(10)));
        assertThat(upload.statusCode()).isEqualTo(201);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && !head.toString().endsWith("\r\n\r\n"); ) head.append((char) b);
        return head.toString();
    }

}
