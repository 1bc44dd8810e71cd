package io.polyphon.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The gateway: Polyphon's only public edge (ARCHITECTURE.md, gateway-service). It checks API keys, uploads pieces
 * through the MIDI service, puts jobs on {@code jobs.requested}, streams {@code jobs.progress} to clients as
 * server-sent events, and reads everything else through the storage service. It holds no state of its own.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The gateway's application, reading its settings from {@code gateway-service.yml}. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway-service");
    }
}
