package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.JobStatus;
import dev.switchboard.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The view keeps a job's highest report revision, whatever order the revisions are read in (decision 0025). */
class ReportRevisionsTest {
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final List<Report> metered = new ArrayList<>();
    private final JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock,
            new JobView.Limits(1000, Long.MAX_VALUE, Duration.ofHours(1)), metered::add);

    private JobManifest job() {
        Instant now = clock.instant();
        JobManifest m = JobManifest.create(UUID.randomUUID(), List.of("sentiment"), now, now.plus(Duration.ofMinutes(5)), null,
                Map.of()).withOwner("key-a");
        view.apply(m);
        return m;
    }

    private Report report(UUID jobId, int revision, Report.Status status) {
        return new Report(Versioned.CURRENT_VERSION, jobId, revision, status, Map.of(), List.of(), List.of(), "r" + revision,
                clock.instant(), null);
    }

    private JobSnapshot snapshot(UUID jobId) {
        return view.job(jobId).orElseThrow();
    }

    @Test
    void shouldShowTheAmendedReportOfAJob() {
        // Given a caught-up view with a job reported PARTIAL
        view.markCaughtUp();
        JobManifest m = job();
        view.apply(report(m.jobId(), 1, Report.Status.PARTIAL));

        // When revision 2 arrives
        view.apply(report(m.jobId(), 2, Report.Status.COMPLETED));

        // Then the job shows revision 2 and its status; its usage is still counted once
        assertThat(snapshot(m.jobId()).report().revision()).isEqualTo(2);
        assertThat(snapshot(m.jobId()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(view.report(m.jobId()).join().revision()).isEqualTo(2);
        assertThat(metered).hasSize(1);
    }

    @Test
    void shouldNeverReplaceANewerRevisionByAnOlderOneReadLater() {
        // Given a job whose revision 3 is in the view
        JobManifest m = job();
        view.apply(report(m.jobId(), 3, Report.Status.COMPLETED));

        // When revision 2 and a repeat of revision 1 are read after it
        view.apply(report(m.jobId(), 2, Report.Status.PARTIAL));
        view.apply(report(m.jobId(), 1, Report.Status.FAILED));

        // Then the job still shows revision 3
        assertThat(snapshot(m.jobId()).report().revision()).isEqualTo(3);
        assertThat(snapshot(m.jobId()).report().synthesis()).isEqualTo("r3");
        assertThat(snapshot(m.jobId()).status()).isEqualTo(JobStatus.COMPLETED);
    }
}
