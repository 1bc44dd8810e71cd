package io.polyphon.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The generation worker: pulls shard commands from the two shard lanes, runs MMM over them and publishes one
 * finished piece per sample (ARCHITECTURE.md, generation-worker).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GenerationWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(GenerationWorkerApplication.class, args);
    }
}
