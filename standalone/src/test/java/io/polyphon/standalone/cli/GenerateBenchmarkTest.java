package io.polyphon.standalone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void peakResidentMemoryIsVmHwmInMebibytes() throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmPeak:\t 9999999 kB\nVmHWM:\t 1572864 kB\nVmRSS:\t  800000 kB\n");
        assertThat(GenerateBenchmark.peakResident(status)).isEqualTo("1536.0 MiB");
    }

    @Test
    void peakResidentMemoryIsNotApplicableWithoutProcStatus() throws Exception {
        assertThat(GenerateBenchmark.peakResident(dir.resolve("absent"))).isEqualTo("n/a");
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\n");
        assertThat(GenerateBenchmark.peakResident(status)).isEqualTo("n/a");
    }
}
