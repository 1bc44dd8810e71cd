package io.polyphon.standalone.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoadReportPageTest {

    private static FinishedJob job(String lane, double seconds, String outcome) {
        return new FinishedJob(lane, 5, 1, seconds, outcome);
    }

    @Test
    void percentilesAreNearestRankSoEachIsALatencyAJobHad() {
        List<FinishedJob> jobs = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) jobs.add(job("interactive", i, "completed"));
        jobs.add(job("interactive", 99, "cancelled"));

        LaneLatencies lane = LaneLatencies.of("interactive", jobs);

        assertThat(lane.jobs()).isEqualTo(20);
        assertThat(lane.samples()).isEqualTo(100);
        assertThat(List.of(lane.p50(), lane.p95(), lane.p99(), lane.max())).containsExactly(10.0, 19.0, 20.0, 20.0);
    }

    @Test
    void aLaneWithoutACompletedJobHasNoPercentiles() {
        LaneLatencies lane = LaneLatencies.of("bulk", List.of(job("bulk", 3, "failed")));
        assertThat(lane.jobs()).isZero();
        assertThat(lane.p50()).isNull();
    }

    @Test
    void ticksAreRoundStepsFromZeroPastTheLargestValue() {
        assertThat(SvgChart.ticks(47)).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0, 50.0);
        assertThat(SvgChart.ticks(0)).first().isEqualTo(0.0);
        assertThat(SvgChart.ticks(0).get(SvgChart.ticks(0).size() - 1)).isGreaterThan(0);
    }

    @Test
    void thePageIsSelfContainedAndSaysWhenLagIsUnavailable() {
        LoadSettings settings = new LoadSettings(1, 1, 10, 40, 5, LoadSettings.AtEnd.WAIT);
        List<FinishedJob> jobs = List.of(job("bulk", 4, "completed"), job("interactive", 1, "completed"));
        LoadReport report = new LoadReport("http://example.test <1>", "band.mid", "infill", "2026-01-01T00:00:00Z",
                settings, 10, 1, "no job was in flight", 45, 45, 4.5, null,
                List.of(LaneLatencies.of("bulk", jobs), LaneLatencies.of("interactive", jobs)), 0, 0, Map.of(),
                List.of(new Tick(0, 0, 0, null, null, Map.of()), new Tick(10, 45, 4.5, null, null, Map.of())), jobs,
                List.of("tokens/s and lag: unavailable"));

        String page = LoadReportPage.html(report);

        assertThat(page).contains("<svg", "Lag per lane: unavailable", "&lt;1&gt;")
                .doesNotContain("<script", "src=", "href=", "tokens generated per second");
    }
}
