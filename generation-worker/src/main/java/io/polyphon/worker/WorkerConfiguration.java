package io.polyphon.worker;

import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.engine.OnnxLanguageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The model, loaded once at start-up (a model that does not match stops the worker there), and its engine. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    @Bean(destroyMethod = "close")
    OnnxLanguageModel languageModel(WorkerProperties properties) {
        OnnxLanguageModel model = OnnxLanguageModel.load(properties.model(), properties.engineDevice());
        log.info("serving {} on {}; it reads MIDI on the {} grid (the MIDI service must read uploads on it too: "
                + "POLYPHON_MIDI_GRID)", properties.model(), model.device(), model.metadata().grid().gridName());
        return model;
    }

    @Bean
    GenerationEngine generationEngine(OnnxLanguageModel model, WorkerProperties properties) {
        return new GenerationEngine(model, properties.maxNewTokens());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
