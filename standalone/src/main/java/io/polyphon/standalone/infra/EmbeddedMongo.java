package io.polyphon.standalone.infra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-wire server (mongo-java-server) in this JVM, bound to 127.0.0.1, keeping its data in one H2 file so a
 * restart keeps every document. It has no multi-document transactions and no change streams: Polyphon needs neither.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final int CACHE_MIB = 64;

    private final MongoServer server;
    private final H2Backend backend;
    private final int port;

    private EmbeddedMongo(MongoServer server, H2Backend backend, int port) {
        this.server = server;
        this.backend = backend;
        this.port = port;
    }

    /** Starts a server keeping its data in {@code dataDir/mongo.mv}; {@code port} 0 picks a free one. */
    public static EmbeddedMongo start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a page cache four times H2's default: what a list scans (the small listing documents of tens of thousands
        // of pieces) stays in memory instead of being read and decoded from the file again on every list
        H2Backend backend = new H2Backend(new MVStore.Builder().fileName(dataDir.resolve("mongo.mv").toAbsolutePath()
                .toString()).cacheSize(CACHE_MIB).open());
        MongoServer server = new MongoServer(backend);
        int chosen = port > 0 ? port : InProcessKafka.freePort();
        server.bind("127.0.0.1", chosen);
        return new EmbeddedMongo(server, backend, chosen);
    }

    /** {@code mongodb://127.0.0.1:port}. */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        backend.close();
    }
}
