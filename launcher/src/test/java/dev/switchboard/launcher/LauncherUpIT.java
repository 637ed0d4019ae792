package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.SynthesisTemplate;
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
                assertThat(report.get().results()).containsOnlyKeys("sentiment", "entities", "summary", Report.SYNTHESIS_AGENT);
                // offline, the synthesis agent writes the headline template: the report's synthesis is its text
                assertThat(report.get().synthesis()).contains("Overall sentiment").contains("Summary:")
                        .isEqualTo(headlineTemplate(report.get()))
                        .isEqualTo(report.get().results().get(Report.SYNTHESIS_AGENT).output().path(Report.SYNTHESIS_TEXT_FIELD).asText());
            }
        }
        try (Stack restarted = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", 0), dataDir, null)) {
            ApiClient api = new ApiClient(restarted.url(), null);
            for (String job : jobs) {
                assertThat(api.awaitReport(job, Duration.ofSeconds(30))).as("report of " + job + " after restart").isPresent();
            }
        }
    }

    private static String headlineTemplate(Report report) {
        SynthesisTemplate template = new SynthesisTemplate();
        for (String agent : List.of("sentiment", "entities", "summary")) {
            template.answered(agent, report.results().get(agent).findHeadline());
        }
        return template.text();
    }
}
