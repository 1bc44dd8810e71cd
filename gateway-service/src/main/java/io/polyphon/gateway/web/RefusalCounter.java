package io.polyphon.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts the gateway's refusals by their problem {@code code} ({@code polyphon_gateway_refusals_total}). */
@Component
public class RefusalCounter {

    private final MeterRegistry registry;

    public RefusalCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One more refusal answered with {@code code}; the codes are a closed set (README), so the series stay few. */
    public void count(String code) {
        Counter.builder("polyphon.gateway.refusals").description("Requests refused, by problem code")
                .tag("code", code == null ? "unknown" : code).register(registry).increment();
    }
}
