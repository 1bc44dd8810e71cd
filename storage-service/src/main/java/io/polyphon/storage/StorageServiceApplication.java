package io.polyphon.storage;

import org.springframework.boot.SpringApplication;
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
        SpringApplication.run(StorageServiceApplication.class, args);
    }
}
