package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard demo} from the built jar, as a user runs it. */
class DemoProcessIT {

    @Test
    void shouldPrintThreeReadableReportsAndExitZero(@TempDir Path logs) throws Exception {
        try (Processes processes = new Processes(logs)) {
            Process demo = processes.start("demo", Map.of(), "demo");
            assertThat(demo.waitFor(180, TimeUnit.SECONDS)).as("demo finished").isTrue();
            String out = processes.log("demo");
            assertThat(demo.exitValue()).as(out).isZero();
            assertThat(out).contains("3 of 3 reports received.");
            assertThat(out.split("── ", -1)).hasSizeGreaterThanOrEqualTo(4);
            assertThat(out).contains("news-article.txt").contains("product-review.txt").contains("support-ticket.txt")
                    .contains("sentiment").contains("entities").contains("summary").contains("Overall sentiment")
                    .contains("synthesis  wrote the synthesis below"); // the synthesis agent wrote each report's synthesis
            assertThat(out).doesNotContain("\"jobId\""); // readable, not raw JSON
            // only what a person needs: how long the start took, no logback status dump, no Kafka start-up warnings
            assertThat(out).containsPattern("Switchboard is up: ready in \\d+\\.\\d s");
            assertThat(out).doesNotContain("|-INFO in ch.qos.logback").doesNotContainPattern("(?m)^\\S+ WARN  (o\\.a\\.k|k)\\.")
                    .doesNotContain("CudaUtils");
        }
    }

    @Test
    void shouldAnswerHelpAndRefuseAWrongFlag(@TempDir Path logs) throws Exception {
        try (Processes processes = new Processes(logs)) {
            for (String command : new String[] {"up", "demo", "submit", "kafka", "orchestrator", "aggregator", "agent", "topics"}) {
                Process help = processes.start("help-" + command, Map.of(), command, "--help");
                assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(help.exitValue()).as(command).isZero();
                assertThat(processes.log("help-" + command)).contains("Usage: switchboard " + command);
            }
            Process wrong = processes.start("wrong", Map.of(), "up", "--colour", "blue");
            assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(wrong.exitValue()).isEqualTo(2);
            assertThat(processes.log("wrong")).contains("Unknown option").contains("--colour");
        }
    }
}
