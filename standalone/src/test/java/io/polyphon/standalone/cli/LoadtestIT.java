package io.polyphon.standalone.cli;

import io.polyphon.contract.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code polyphon loadtest} run briefly on the local stack it starts: the summary, report.json and report.html. */
class LoadtestIT {

    @TempDir
    Path out;

    final Path home = Path.of(System.getProperty("polyphon.home", ".."));

    @Test
    void writesAReportAndPlotAfterABriefRunAgainstTheLocalStack() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int status;
        System.setOut(new PrintStream(printed, true));
        try {
            CommandLine cli = PolyphonCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            status = cli.execute("loadtest", home.resolve("examples/band.mid").toString(),
                    "--model", home.resolve("model/polyphon-mmm.onnx").toString(), "--duration", "6s",
                    "--bulk-clients", "1", "--interactive-clients", "2", "--bulk-count", "40",
                    "--interactive-count", "5", "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String summary = printed.toString();
        System.out.println(summary);

        assertThat(status).as(err.toString()).isZero();
        assertThat(summary).contains("samples/s", "tokens/s", "p50 s", "p95 s", "p99 s");
        JsonNode report = Messages.json().readTree(Files.readString(out.resolve("report.json")));
        // a slow machine may store nothing in the first seconds, so the totals through the jobs' end are asserted
        assertThat(report.get("samplesStoredInAll").asLong()).isPositive();
        JsonNode timeline = report.get("timeline");
        assertThat(timeline.get(timeline.size() - 1).get("tokens").asDouble()).isPositive();
        assertThat(report.get("lanes")).extracting(lane -> lane.get("lane").asString())
                .containsExactly("bulk", "interactive");
        for (JsonNode lane : report.get("lanes")) {
            assertThat(lane.get("jobs").asInt()).as(lane.toString()).isPositive();
            assertThat(lane.get("p50").asDouble()).as(lane.toString()).isPositive()
                    .isLessThanOrEqualTo(lane.get("p95").asDouble());
            assertThat(lane.get("p95").asDouble()).isLessThanOrEqualTo(lane.get("p99").asDouble());
        }
        assertThat(timeline.size()).as("a reading a second").isGreaterThanOrEqualTo(6);
        assertThat(timeline.get(0).get("lag").propertyNames()).contains("bulk", "interactive");

        String page = Files.readString(out.resolve("report.html"));
        assertThat(page).contains("<svg", "Lag per lane", "Job latency per lane").doesNotContain("<script");
    }
}
