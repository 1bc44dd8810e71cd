package io.polyphon.contract;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of every message against its golden file: a change to the wire format fails here, on purpose. Change a
 * golden file only together with {@link Message#SCHEMA_VERSION} or a field every consumer can ignore.
 */
class WireFormatTest {

    private static String golden(String name) throws IOException {
        try (InputStream in = WireFormatTest.class.getResourceAsStream("/contracts/" + name)) {
            assertThat(in).as("golden file contracts/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyMessageWritesItsGoldenJson() {
        return ContractExamples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode written = Messages.json().readTree(Messages.toJson(e.getValue()));
            assertThat(written).isEqualTo(Messages.json().readTree(golden(e.getKey())));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenJsonReadsBackIntoItsMessage() {
        return ContractExamples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Class<?> type = e.getValue() instanceof JobEvent ? JobEvent.class : e.getValue().getClass();
            assertThat(Messages.fromJson(golden(e.getKey()), type)).isEqualTo(e.getValue());
        }));
    }

    @Test
    void aConsumerIgnoresFieldsItDoesNotKnow() {
        String newer = "{\"type\":\"progressed\",\"jobId\":\"j\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-25T22:00:00Z\","
                + "\"done\":1,\"total\":2,\"etaSeconds\":30}";
        assertThat(Messages.fromJson(newer, JobEvent.class)).isInstanceOf(JobEvent.JobProgressed.class);
    }

    @Test
    void aProgressReportWithoutWorkFromAnOlderProducerStillReads() {
        String older = "{\"type\":\"progressed\",\"jobId\":\"j\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-25T22:00:00Z\","
                + "\"done\":1,\"total\":2}";
        assertThat(Messages.fromJson(older, JobEvent.class))
                .isEqualTo(new JobEvent.JobProgressed("j", 1, java.time.Instant.parse("2026-11-25T22:00:00Z"), 1, 2, null));
    }
}
