package io.polyphon.gateway;

import io.polyphon.gateway.midi.MidiClient;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.upstream.Upstreams;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.ObjectMapper;

import java.time.Clock;

/** The gateway's clients of the services behind it. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    StorageClient storageClient(RestClient.Builder builder, GatewayProperties properties, ObjectMapper json) {
        return new StorageClient(Upstreams.client(builder, properties.storageServiceUrl(), properties.internalSecret(), json));
    }

    @Bean
    MidiClient midiClient(RestClient.Builder builder, GatewayProperties properties, ObjectMapper json) {
        return new MidiClient(Upstreams.client(builder, properties.midiServiceUrl(), properties.internalSecret(), json));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
