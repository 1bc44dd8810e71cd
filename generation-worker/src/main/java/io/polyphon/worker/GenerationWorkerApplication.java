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
        // one HTTP server, for health and /actuator/prometheus only, on WORKER_MANAGEMENT_PORT (never the API's 8080)
        return new SpringApplicationBuilder(GenerationWorkerApplication.class).web(WebApplicationType.SERVLET)
                .properties("spring.config.name=generation-worker");
    }
}
