package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.JobUsage;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Usage;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.port.UsageQueries;
import dev.switchboard.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which reports the view counts in the usage totals and the live usage metrics: each job once, however often its report
 * is read, and a report whose manifest is gone from the view under owner {@code unknown} instead of never (decision 0024).
 */
class UsageCountingTest {
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final List<Report> metered = new ArrayList<>();
    private final JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock,
            new JobView.Limits(100_000, Long.MAX_VALUE, MAX_AGE), metered::add);

    private JobManifest manifest(String owner) {
        Instant now = clock.instant();
        return JobManifest.create(UUID.randomUUID(), List.of("sentiment"), now, now.plus(Duration.ofMinutes(5)), null, Map.of())
                .withOwner(owner);
    }

    private Report report(UUID jobId, long inputTokens) {
        return new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED, Map.of(), List.of(), List.of(), "done",
                clock.instant(), new JobUsage(new Usage(1, 0, inputTokens, 1, null), Map.of()));
    }

    private List<String> rows() {
        return view.usage().usage(null, TODAY, TODAY).stream().map(r -> r.owner() + ":" + r.jobs() + "/" + r.inputTokens()).toList();
    }

    @Test
    void shouldCountAReportReadTwiceOnceInTotalsAndMetrics() {
        // Given a caught-up view and a job of key-a
        view.markCaughtUp();
        JobManifest job = manifest("key-a");
        view.apply(job);

        // When its report is read twice (a redelivery of the compacted reports topic, or a second report after a late result)
        view.apply(report(job.jobId(), 10));
        view.apply(report(job.jobId(), 12));

        // Then the job counts once, in the totals and in the metrics
        assertThat(rows()).containsExactly("key-a:1/10");
        assertThat(metered).hasSize(1);
    }

    @Test
    void shouldCountAReportWhoseManifestLeftTheViewUnderOwnerUnknown() {
        // Given a caught-up view that forgot a finished job of key-a, and an unfinished job long past its deadline
        view.markCaughtUp();
        JobManifest finished = manifest("key-a");
        view.apply(finished);
        view.apply(report(finished.jobId(), 10));
        JobManifest overdue = manifest("key-b");
        view.apply(overdue);
        clock.advance(MAX_AGE.plus(Duration.ofMinutes(10)));
        assertThat(view.evict()).isEqualTo(2);

        // When the overdue job's report comes after all, and the finished job's is read again
        view.apply(report(overdue.jobId(), 7));
        view.apply(report(finished.jobId(), 10));

        // Then the overdue job counts under owner unknown, once, and the finished job is not counted twice
        assertThat(rows()).containsExactly("key-a:1/10", UsageLedger.NO_OWNER + ":1/7");
        assertThat(metered).extracting(Report::jobId).containsExactly(finished.jobId(), overdue.jobId());
    }

    @Test
    void shouldNeverCountAnAmendedReportOfAJobNotInTheViewAsAnotherJob() {
        // Given a caught-up view that forgot a finished job (its usage counted once, under its owner)
        view.markCaughtUp();
        JobManifest job = manifest("key-a");
        view.apply(job);
        view.apply(report(job.jobId(), 10));
        clock.advance(MAX_AGE.plus(Duration.ofMinutes(10)));
        view.evict();
        // and a job the view (and its usage ledger) never saw, reported before this instance started
        UUID unseen = UUID.randomUUID();

        // When amended reports (revision 2) of both arrive, and the view forgets them again
        Report first = report(job.jobId(), 10);
        view.apply(amended(first));
        view.apply(amended(report(unseen, 20)));
        clock.advance(MAX_AGE.plus(Duration.ofMinutes(10)));
        view.evict();

        // Then neither counts as one more job, under owner unknown or in the live metrics
        assertThat(rows()).containsExactly("key-a:1/10");
        assertThat(metered).extracting(Report::jobId).containsExactly(job.jobId());
    }

    private static Report amended(Report r) {
        return new Report(r.version(), r.jobId(), 2, r.status(), r.results(), r.missingAgents(), r.failedAgents(), r.synthesis(),
                r.createdAt(), r.usage());
    }

    @Test
    void shouldCountAReplayedReportWhoseManifestNeverCameWhenTheViewForgetsIt() {
        // Given a report read during the replay at start whose manifest is no longer on the jobs topic
        JobManifest gone = manifest("key-a");
        view.apply(report(gone.jobId(), 5));
        view.markCaughtUp();
        assertThat(rows()).isEmpty();

        // When the view forgets the stray report
        clock.advance(MAX_AGE.plus(Duration.ofMinutes(1)));
        view.evict();

        // Then it is counted under owner unknown, but not in the live metrics (it was replayed)
        assertThat(rows()).containsExactly(UsageLedger.NO_OWNER + ":1/5");
        assertThat(metered).isEmpty();
    }

    @Test
    void shouldWaitForALateManifestDuringTheReplayAndCountTheReportUnderItsOwner() {
        // Given a report read during the replay before its manifest
        JobManifest job = manifest("key-a");
        view.apply(report(job.jobId(), 3));

        // When the manifest comes, Then the report counts under its owner
        view.apply(job);
        assertThat(rows()).containsExactly("key-a:1/3");
    }
}
