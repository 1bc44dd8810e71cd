package io.polyphon.midi.web;

import io.polyphon.midi.MidiProperties;
import io.polyphon.midi.audio.AudioRenderer;
import io.polyphon.midi.inspect.PieceInspector;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.features.DensityTable;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java parts of the service as beans, built from its settings. */
@Configuration(proxyBeanMethods = false)
class PieceServicesConfiguration {

    @Bean
    MidiParser midiParser(MidiProperties properties) {
        return new MidiParser(properties.limits(), properties.readingGrid());
    }

    @Bean
    AudioRenderer audioRenderer(MidiProperties properties) {
        AudioRenderer renderer = new AudioRenderer(AudioRenderer.loadSoundbank(properties.soundbank()),
                properties.audioConcurrency(), properties.maxAudioSeconds());
        if (renderer.unavailableReason() != null) {
            LoggerFactory.getLogger(AudioRenderer.class).warn("POST /pieces/audio will answer 503: {}", renderer.unavailableReason());
        }
        return renderer;
    }

    @Bean
    PieceInspector pieceInspector() {
        return new PieceInspector(DensityTable.yellow());
    }
}
