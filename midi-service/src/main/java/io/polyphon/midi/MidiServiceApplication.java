package io.polyphon.midi;

import org.springframework.boot.SpringApplication;
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
        SpringApplication.run(MidiServiceApplication.class, args);
    }
}
