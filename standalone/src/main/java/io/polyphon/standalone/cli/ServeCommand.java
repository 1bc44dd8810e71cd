package io.polyphon.standalone.cli;

import io.polyphon.standalone.stack.LocalStack;
import org.springframework.boot.web.server.PortInUseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code polyphon serve}: the whole service on this machine, in one JVM (a Kafka broker, a MongoDB-wire server and
 * the four services), until Ctrl-C. Pieces, jobs and samples stay under the data folder across restarts.
 */
@Command(name = "serve", description = "Start the whole service here: Kafka, MongoDB and the four services in one JVM.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "the API's port on 127.0.0.1 (default 8080)")
    int port;

    @Option(names = "--data", description = "folder for the broker's and the database's data and the API key "
            + "(default: data/ in the repository, wherever this runs)")
    Path data;

    @Option(names = "--model", description = "ONNX model (default: the bundled model/polyphon-mmm.onnx)")
    Path model;

    @Override
    public Integer call() throws Exception {
        Path dataDir = Models.data(data);
        System.err.println("polyphon: starting Kafka, MongoDB and the four services (data in " + dataDir + ")...");
        long start = System.nanoTime();
        LocalStack stack;
        try {
            stack = LocalStack.start(dataDir, model != null ? model : Models.bundled(), true, port);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof PortInUseException) {
                    System.err.println("error port-in-use: port " + port + " is taken; stop what uses it or pick "
                            + "another with --port");
                    return PolyphonCli.REFUSED;
                }
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("polyphon: stopping...");
            stack.close();
            stopped.countDown();
        }));
        System.out.print(ServeBanner.of(stack.gatewayUrl(), (System.nanoTime() - start) / 1e9, stack.apiKey(),
                stack.keyCreated(), dataDir, stack.scrapeUrls()).text());
        stopped.await();
        return 0;
    }
}
