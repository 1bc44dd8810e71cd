package io.polyphon.midi;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The MIDI service: owns MIDI files. Parses and normalizes uploads into pieces, summarizes them, applies piece edits
 * and renders pieces back into MIDI files (ARCHITECTURE.md, midi-service).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MidiServiceApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The service's application, reading its settings from {@code midi-service.yml}: each service names its own file, so the
     * local stack can run all of them in one JVM without one service's settings hiding another's.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(MidiServiceApplication.class).properties("spring.config.name=midi-service");
    }
}
