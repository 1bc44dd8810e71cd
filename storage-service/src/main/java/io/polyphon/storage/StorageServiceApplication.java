package io.polyphon.storage;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The storage service: owns MongoDB. Stores each rendered sample once, keeps job state and counts, publishes
 * progress on jobs.progress and serves reads to the gateway (ARCHITECTURE.md, storage-service).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StorageServiceApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The service's application, reading its settings from {@code storage-service.yml}: each service names its own file, so the
     * local stack can run all of them in one JVM without one service's settings hiding another's.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(StorageServiceApplication.class).properties("spring.config.name=storage-service");
    }
}
