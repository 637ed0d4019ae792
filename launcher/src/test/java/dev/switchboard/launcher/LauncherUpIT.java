package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'up' in-process with its embedded broker: three documents over HTTP, three reports; a restart keeps them. */
class LauncherUpIT {

    @Test
    void shouldAnswerThreeDocumentsWithThreeReportsAndKeepThemAcrossARestart(@TempDir Path dataDir) throws Exception {
        List<String> jobs = new ArrayList<>();
        try (Stack stack = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0), dataDir, null)) {
            ApiClient api = new ApiClient(stack.url(), null);
            for (String sample : DemoCommand.BUNDLED) {
                jobs.add(api.submit(Files.readString(Path.of("..", "samples", sample), StandardCharsets.UTF_8), null));
            }
            for (String job : jobs) {
                Optional<Report> report = api.awaitReport(job, Duration.ofSeconds(60));
                assertThat(report).isPresent();
                assertThat(report.get().status()).isEqualTo(Report.Status.COMPLETED);
                assertThat(report.get().results()).containsOnlyKeys("sentiment", "entities", "summary");
                assertThat(report.get().synthesis()).contains("Overall sentiment").contains("Summary:");
            }
        }
        try (Stack restarted = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0), dataDir, null)) {
            ApiClient api = new ApiClient(restarted.url(), null);
            for (String job : jobs) {
                assertThat(api.awaitReport(job, Duration.ofSeconds(30))).as("report of " + job + " after restart").isPresent();
            }
        }
    }
}
