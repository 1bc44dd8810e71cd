package io.polyphon.standalone.cli;

import io.polyphon.contract.Messages;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.standalone.client.ApiException;
import io.polyphon.standalone.client.PolyphonClient;
import io.polyphon.standalone.client.ServerSentEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * {@code generate --server}: uploads the file, submits the job, shows its progress from the job's event stream,
 * and unpacks the finished batch into the output folder, named as the in-process command names them.
 */
final class RemoteGeneration {

    private static final int MAX_RECONNECTS = 100;

    private final String server;
    private final PolyphonClient client;

    RemoteGeneration(String server, String apiKey) {
        this.server = server;
        this.client = new PolyphonClient(server, apiKey);
    }

    void run(Path file, byte[] midi, GenerationRequest request, Path out) throws IOException {
        long start = System.nanoTime();
        String pieceId = client.uploadPiece(file.getFileName().toString(), midi).get("id").asString();
        ObjectNode body = Messages.json().valueToTree(request);
        body.put("pieceId", pieceId);
        JsonNode job = client.createJob(body.toString(), null);
        String jobId = job.get("id").asString();
        System.err.println("job " + jobId + " on " + server);

        ProgressBar bar = new ProgressBar(System.err, request.count());
        ServerSentEvent ending = client.followToEnd(jobId, MAX_RECONNECTS, event -> {
            if (event.name().equals("progress")) bar.update(Messages.json().readTree(event.data()).get("done").asInt());
        });
        if (ending == null || !ending.name().equals("completed")) {
            System.err.println();
            if (ending != null && ending.name().equals("failed")) {
                JsonNode data = Messages.json().readTree(ending.data());
                throw new ApiException(422, data.path("code").asString("failed"), data.path("reason").asString());
            }
            throw new ApiException(409, ending == null ? "stream-ended" : "cancelled",
                    "job " + jobId + (ending == null ? "'s event stream ended before the job did" : " was cancelled"));
        }
        bar.finish();

        Files.createDirectories(out);
        String stem = file.getFileName().toString().replaceFirst("\\.midi?$", "");
        int written = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(client.bytes("/v1/jobs/" + jobId + "/samples.zip")))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = Path.of(entry.getName()).getFileName().toString().replaceFirst("^sample", stem);
                Files.write(out.resolve(name), zip.readAllBytes());
                written++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d samples in %s (%.1f s, %.2f samples/s, job %s on %s)%n", written, out, seconds,
                written / seconds, jobId, server);
    }
}
