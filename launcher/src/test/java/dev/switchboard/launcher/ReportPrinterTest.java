package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.message.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The CLI's report: a one-line usage summary under the synthesis. */
class ReportPrinterTest {
    private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

    private static Report report(Usage... usages) {
        UUID jobId = UUID.randomUUID();
        Map<String, AgentResult> results = new java.util.LinkedHashMap<>();
        String[] agents = {"sentiment", "summary"};
        for (int i = 0; i < usages.length; i++) {
            results.put(agents[i], AgentResult.ok(Task.create(jobId, agents[i], Document.ofText("x"), null, NOW, NOW.plusSeconds(60)),
                    JsonNodeFactory.instance.objectNode().put("summary", "ok"), "gpt-x", usages[i], NOW, NOW));
        }
        return new Report(1, jobId, Report.Status.COMPLETED, results, List.of(), List.of(), "All done.", NOW);
    }

    @Test
    void shouldPrintCallsReplayedTokensAndCostWhenKnown() {
        String out = ReportPrinter.format("doc.txt", report(new Usage(2, 1, 120, 30, 0.004), new Usage(1, 0, 80, 20, null)));

        assertThat(out).endsWith("  usage: 3 calls (1 replayed), 250 tokens (200 in, 50 out), est. cost 0.0040\n");
    }

    @Test
    void shouldLeaveOutTheCostWhenNoCallWasPricedAndTheLineWhenNothingWasCalled() {
        assertThat(ReportPrinter.format("doc.txt", report(new Usage(1, 0, 80, 20, null))))
                .endsWith("  usage: 1 call (0 replayed), 100 tokens (80 in, 20 out)\n");
        assertThat(ReportPrinter.format("doc.txt", report(Usage.NONE))).doesNotContain("usage:").endsWith("All done.\n");
    }

    @Test
    void shouldPrintTheSynthesisAgentsTextOnceAsTheSynthesis() {
        // Given a report whose synthesis the synthesis agent wrote
        UUID jobId = UUID.randomUUID();
        AgentResult synthesis = AgentResult.ok(Task.create(jobId, Report.SYNTHESIS_AGENT, Document.ofText("x"), null, NOW,
                NOW.plusSeconds(60)), JsonNodeFactory.instance.objectNode().put(Report.SYNTHESIS_TEXT_FIELD, "Upbeat."), "gpt-x",
                Usage.NONE, NOW, NOW);
        Report report = new Report(1, jobId, Report.Status.COMPLETED, Map.of(Report.SYNTHESIS_AGENT, synthesis), List.of(),
                List.of(), "Upbeat.", NOW);

        // When printed, Then the agent's line points to the synthesis, which is printed once
        String out = ReportPrinter.format("doc.txt", report);
        assertThat(out).contains("  synthesis  wrote the synthesis below\n  Upbeat.\n");
        assertThat(out.split("Upbeat", -1)).hasSize(2);
    }

    @Test
    void shouldNameTheRevisionOfAnAmendedReportOnly() {
        Report first = report(Usage.NONE);
        Report amended = new Report(1, first.jobId(), 2, Report.Status.COMPLETED, first.results(), List.of(), List.of(), "Fixed.",
                NOW, null);

        assertThat(ReportPrinter.format("doc.txt", first)).startsWith("── doc.txt ── job " + first.jobId() + " ── COMPLETED\n");
        assertThat(ReportPrinter.format("doc.txt", amended))
                .startsWith("── doc.txt ── job " + first.jobId() + " ── COMPLETED ── revision 2\n");
    }
}
