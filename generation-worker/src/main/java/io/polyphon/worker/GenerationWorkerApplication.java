package io.polyphon.worker;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
        application().run(args);
    }

    /**
     * The service's application, reading its settings from {@code generation-worker.yml}: each service names its own file, so the
     * local stack can run all of them in one JVM without one service's settings hiding another's.
     */
    public static SpringApplicationBuilder application() {
        // no HTTP server: the worker only talks Kafka, and in the local stack's JVM the web classes of the other
        // services are on its class path and would otherwise start one on 8080
        return new SpringApplicationBuilder(GenerationWorkerApplication.class).web(WebApplicationType.NONE)
                .properties("spring.config.name=generation-worker");
    }
}
