package io.polyphon.gateway.job;

import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.TrackRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The API document's stand-ins for shared-schema's request records name the same fields, so the document cannot drift. */
class TrackSchemasTest {

    @Test
    void theDocumentedTrackRequestHasTheRecordsFields() {
        assertThat(names(TrackSchemas.Track.class)).containsExactly(names(TrackRequest.class));
    }

    @Test
    void theDocumentedControlsHaveTheRecordsFields() {
        assertThat(names(TrackSchemas.ControlsSchema.class)).containsExactly(names(Controls.class));
    }

    private static String[] names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new);
    }
}
