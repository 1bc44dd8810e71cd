package io.polyphon.standalone.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.polyphon.contract.Messages;
import io.polyphon.midi.inspect.PieceInspector;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.standalone.infra.EmbeddedMongo;
import io.polyphon.storage.piece.PieceDetail;
import io.polyphon.storage.piece.PieceRepository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code polyphon bench lists}: what listing a tenant's pieces costs on the local stack's database (the embedded
 * MongoDB-wire server on its H2 file): the first page of 20 and a page deep in the list, with the page's total,
 * as the storage service answers {@code GET /pieces}; once with one tenant's pieces stored, then with a second
 * tenant's as many beside them.
 */
final class ListBenchmark {

    private final byte[] midi;
    private final Piece piece;
    private final Map<String, Object> summary;

    @SuppressWarnings("unchecked")
    ListBenchmark(Path song) throws IOException {
        this.midi = Files.readAllBytes(song);
        this.piece = new MidiParser(MidiLimits.DEFAULT).parse(midi);
        this.summary = Messages.json().convertValue(new PieceInspector(DensityTable.yellow()).summarize(piece), Map.class);
    }

    void run(int perTenant, int rounds) throws IOException {
        Path data = Files.createTempDirectory("polyphon-bench-lists");
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            PieceRepository pieces = new PieceRepository(client.getDatabase("bench"));
            System.out.printf("pieces of %s (%d bytes of MIDI, %d tracks, %d bars), %d rounds per figure%n",
                    "the song", midi.length, piece.tracks().size(), piece.barCount(), rounds);
            long t0 = System.nanoTime();
            store(pieces, "tenant-a", perTenant);
            System.out.printf("stored %d pieces of tenant A in %.1f s%n", perTenant, (System.nanoTime() - t0) / 1e9);
            measure(pieces, "tenant A alone", perTenant, rounds);
            t0 = System.nanoTime();
            store(pieces, "tenant-b", perTenant);
            System.out.printf("stored %d pieces of tenant B in %.1f s%n", perTenant, (System.nanoTime() - t0) / 1e9);
            measure(pieces, "tenant A beside tenant B", perTenant, rounds);
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void store(PieceRepository pieces, String owner, int n) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            pieces.insert(new PieceDetail(UUID.randomUUID().toString(), owner, "take " + i, start.plusMillis(i), null,
                    summary, piece), midi);
        }
    }

    private static void measure(PieceRepository pieces, String what, int perTenant, int rounds) {
        for (int warmup = 0; warmup < 3; warmup++) list(pieces, 0);
        for (int skip : new int[] {0, perTenant / 2}) {
            List<Double> millis = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                int listed = list(pieces, skip);
                millis.add((System.nanoTime() - t0) / 1e6);
                if (listed != 20) throw new IllegalStateException("listed " + listed + " pieces, not 20");
            }
            Collections.sort(millis);
            System.out.printf("%-26s page of 20 from %5d: median %8.1f ms, best %8.1f ms, worst %8.1f ms%n", what,
                    skip, millis.get(millis.size() / 2), millis.get(0), millis.get(millis.size() - 1));
        }
    }

    /** One page as the storage service answers it: the page and the owner's total. */
    private static int list(PieceRepository pieces, int skip) {
        int listed = pieces.page("tenant-a", skip, 20).size();
        if (pieces.count("tenant-a") < 20) throw new IllegalStateException("tenant A lost pieces");
        return listed;
    }
}
