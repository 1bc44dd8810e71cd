package io.polyphon.midi.render;

import io.polyphon.contract.SampleGenerated;
import io.polyphon.contract.SampleRendered;
import io.polyphon.midi.Jobs;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SampleRenderingTest {

    @Test
    void aGeneratedSampleBecomesAMidiFileWithItsCounts() {
        SampleRendered rendered = new SampleRendering(Jobs.CLOCK)
                .render(new SampleGenerated("job-1", 1, Jobs.CLOCK.instant(), 7, Jobs.piece()));
        assertThat(rendered.jobId()).isEqualTo("job-1");
        assertThat(rendered.sampleIndex()).isEqualTo(7);
        assertThat(rendered.bars()).isEqualTo(4);
        assertThat(rendered.notes()).isEqualTo(2);
        assertThat(new MidiParser(MidiLimits.DEFAULT).parse(rendered.midi())).isEqualTo(Jobs.piece());
    }
}
