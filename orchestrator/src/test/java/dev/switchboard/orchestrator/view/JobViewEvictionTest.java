package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.message.AgentResult;
import dev.switchboard.contracts.message.JobEvent;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.message.Report;
import dev.switchboard.contracts.message.Versioned;
import dev.switchboard.orchestrator.port.JobListing;
import dev.switchboard.orchestrator.port.JobOrder;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.JobStatus;
import dev.switchboard.orchestrator.port.SubmitOutcome;
import dev.switchboard.testkit.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The view's bounds by age and estimated bytes, stray entries included, and its tracking of unknown submit outcomes (0020). */
class JobViewEvictionTest {
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));

    private JobView view(long maxBytes) {
        JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock, new JobView.Limits(100_000, maxBytes, MAX_AGE));
        view.markCaughtUp();
        return view;
    }

    private JobManifest manifest(Duration deadline) {
        Instant now = clock.instant();
        return JobManifest.create(UUID.randomUUID(), List.of("sentiment"), now, now.plus(deadline), null, Map.of());
    }

    private static List<JobSnapshot> listed(JobView view, JobOrder after, int limit) {
        return view.jobs(new JobListing(after, null, EnumSet.allOf(JobStatus.class), limit)).jobs();
    }

    private Report report(UUID jobId) {
        return new Report(Versioned.CURRENT_VERSION, jobId, Report.Status.COMPLETED, Map.of(), List.of(), List.of(), "done",
                clock.instant());
    }

    private JobEvent event(UUID jobId) {
        return JobEvent.ofJob(jobId, JobEvent.Type.SUBMITTED, null, clock.instant());
    }

    @Test
    void shouldForgetFinishedJobsAndStrayEntriesByAgeAndUnfinishedJobsLongPastTheirDeadline() {
        // Given a finished job, a running job long past its deadline, a stray event without manifest, and a running job
        JobView view = view(Long.MAX_VALUE);
        JobManifest finished = manifest(Duration.ofMinutes(5));
        view.apply(finished);
        view.apply(report(finished.jobId()));
        JobManifest overdue = manifest(Duration.ofMinutes(5));
        view.apply(overdue);
        UUID stray = UUID.randomUUID();
        view.apply(event(stray), 7);
        JobManifest running = manifest(Duration.ofHours(2));
        view.apply(running);

        // When less than the age has passed, nothing goes
        clock.advance(Duration.ofMinutes(30));
        assertThat(view.evict()).isZero();

        // When the age has passed since their last record (and beyond the overdue job's deadline)
        clock.advance(Duration.ofMinutes(40));
        int forgotten = view.evict();

        // Then the finished job, the stray entry and the overdue job are forgotten; the job within its deadline stays
        assertThat(forgotten).isEqualTo(3);
        assertThat(view.job(finished.jobId())).isEmpty();
        assertThat(view.job(overdue.jobId())).isEmpty();
        assertThat(view.eventsAfter(stray, -1)).isEmpty();
        assertThat(view.job(running.jobId())).isPresent();
        assertThat(view.size()).isEqualTo(1);
    }

    @Test
    void shouldListJobsNewestFirstFromAnIndexThatForgetsWhatTheViewForgets() {
        // Given a finished job, then two running jobs submitted in the same instant (ordered by id)
        JobView view = view(Long.MAX_VALUE);
        JobManifest finished = manifest(Duration.ofMinutes(5));
        view.apply(finished);
        view.apply(report(finished.jobId()));
        clock.advance(Duration.ofSeconds(1));
        JobManifest a = manifest(Duration.ofHours(2));
        JobManifest b = manifest(Duration.ofHours(2));
        view.apply(b);
        view.accepted(a);
        view.apply(a); // read back after this instance wrote it: listed once
        List<UUID> sameInstant = java.util.stream.Stream.of(a.jobId(), b.jobId()).sorted(java.util.Comparator.comparing(UUID::toString))
                .toList();

        // Then the list is newest first, ties by id, and resumes after a given place
        assertThat(listed(view, null, 10)).extracting(j -> j.manifest().jobId())
                .containsExactly(sameInstant.get(0), sameInstant.get(1), finished.jobId());
        JobOrder afterFirst = new JobOrder(a.submittedAt(), sameInstant.get(0));
        assertThat(listed(view, afterFirst, 1)).extracting(j -> j.manifest().jobId()).containsExactly(sameInstant.get(1));
        assertThat(view.indexed()).isEqualTo(3);

        // When the finished job ages out of the view
        clock.advance(Duration.ofMinutes(70));
        assertThat(view.evict()).isEqualTo(1);

        // Then it leaves the index too
        assertThat(view.indexed()).isEqualTo(2);
        assertThat(view.indexOrdered()).isEqualTo(view.indexed());
        assertThat(listed(view, null, 10)).extracting(j -> j.manifest().jobId()).doesNotContain(finished.jobId());
    }

    @Test
    void shouldKeepStrayEntriesWhileCatchingUpSinceTheirManifestMayStillCome() {
        // Given a view replaying the log, with a result whose manifest is in a partition not read yet
        JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), clock, new JobView.Limits(100_000, Long.MAX_VALUE, MAX_AGE));
        UUID jobId = UUID.randomUUID();
        view.apply(event(jobId), 1, clock.instant().minus(Duration.ofDays(2)).toEpochMilli());

        // When eviction runs before the view caught up
        // Then the old stray entry stays; once caught up it goes
        assertThat(view.evict()).isZero();
        view.markCaughtUp();
        assertThat(view.evict()).isEqualTo(1);
    }

    @Test
    void shouldBoundTheViewByEstimatedBytesForgettingFinishedAndStrayEntriesQuietLongestFirst() {
        // Given a view bounded to 64 KiB, holding three finished jobs with large reports, written a minute apart
        JobView view = view(64 * 1024);
        JobManifest[] jobs = new JobManifest[3];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = manifest(Duration.ofMinutes(5));
            view.apply(jobs[i]);
            view.apply(report(jobs[i].jobId()), clock.millis(), 20_000);
            clock.advance(Duration.ofMinutes(1));
        }
        // And a running job
        JobManifest running = manifest(Duration.ofMinutes(30));
        view.apply(running);

        // When the view is checked against its bound (each report counts twice its 20 000 serialized bytes)
        int forgotten = view.evict();

        // Then the oldest finished jobs went until the estimate is under the bound; the newest and the running job stay
        assertThat(forgotten).isEqualTo(2);
        assertThat(view.job(jobs[0].jobId())).isEmpty();
        assertThat(view.job(jobs[1].jobId())).isEmpty();
        assertThat(view.job(jobs[2].jobId())).isPresent();
        assertThat(view.job(running.jobId())).isPresent();
        assertThat(view.estimatedBytes()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void shouldCountEventsInTheBytesSoManySmallRecordsOfOneJobCannotFillTheHeapUnseen() {
        // Given a running job with 1000 events of 1000-character messages
        JobView view = view(1024 * 1024);
        JobManifest job = manifest(Duration.ofMinutes(30));
        view.apply(job);
        for (int i = 0; i < JobState.MAX_EVENTS; i++) {
            view.apply(JobEvent.ofJob(job.jobId(), JobEvent.Type.SUBMITTED, "m".repeat(1000), clock.instant()), i);
        }

        // When the view is checked
        view.evict();

        // Then its estimate counts them (about 2 MB), and the view went under its 1 MiB bound by forgetting even that running job
        assertThat(view.job(job.jobId())).isEmpty();
        assertThat(view.evicted()).isEqualTo(1);
    }

    @Test
    void shouldTellAnUnknownOutcomeCommittedWhenTheManifestArrivesAndNotSubmittedWhenTheLogWasReadPastItsSealing() {
        // Given two submits with unknown outcomes whose transactions are then sealed
        JobView view = view(Long.MAX_VALUE);
        JobManifest committed = manifest(Duration.ofMinutes(5));
        UUID aborted = UUID.randomUUID();
        CompletableFuture<Boolean> committedSettled = view.undecided(committed.jobId(), CompletableFuture.completedFuture(null));
        CompletableFuture<Boolean> abortedSettled = view.undecided(aborted, CompletableFuture.completedFuture(null));
        assertThat(view.submitOutcome(aborted)).contains(SubmitOutcome.UNKNOWN);
        assertThat(view.awaitingLog()).isTrue();

        // When the view reads the one's manifest, and then reads the jobs topic to end offsets asked for after the sealing
        view.apply(committed);
        long mark = view.outcomeMark();
        view.readThrough(mark);

        // Then the one is committed, the other known not submitted
        assertThat(committedSettled).isCompletedWithValue(true);
        assertThat(abortedSettled).isCompletedWithValue(false);
        assertThat(view.submitOutcome(committed.jobId())).isEmpty();
        assertThat(view.submitOutcome(aborted)).contains(SubmitOutcome.NOT_SUBMITTED);
    }

    @Test
    void shouldNotJudgeAnUnknownOutcomeByAReadOfTheLogAskedForBeforeItsTransactionWasSealed() {
        // Given a submit with an unknown outcome, not sealed yet, and an end-offset ask begun before the sealing
        JobView view = view(Long.MAX_VALUE);
        UUID jobId = UUID.randomUUID();
        CompletableFuture<Void> decided = new CompletableFuture<>();
        CompletableFuture<Boolean> settled = view.undecided(jobId, decided);
        long earlyMark = view.outcomeMark();
        decided.complete(null);

        // When the view has read up to those early end offsets
        view.readThrough(earlyMark);

        // Then the outcome is still unknown: the commit could lie past them
        assertThat(settled).isNotDone();
        assertThat(view.submitOutcome(jobId)).contains(SubmitOutcome.UNKNOWN);
        // And a read asked for after the sealing decides it
        view.readThrough(view.outcomeMark());
        assertThat(settled).isCompletedWithValue(false);
    }

    @Test
    void shouldTellNotSubmittedAtOnceWhenTheWriterKnowsNothingWasWritten() {
        JobView view = view(Long.MAX_VALUE);
        UUID jobId = UUID.randomUUID();

        CompletableFuture<Boolean> settled = view.undecided(jobId, CompletableFuture.failedFuture(new IllegalStateException("aborted")));

        assertThat(settled).isCompletedWithValue(false);
        assertThat(view.submitOutcome(jobId)).contains(SubmitOutcome.NOT_SUBMITTED);
    }

    @Test
    void shouldDropTheReportWaitersAndListenersOfAJobWhenItIsForgotten() throws Exception {
        // Given an overdue job that will never get a report, with a long-poll waiting and an event stream listening
        JobView view = view(Long.MAX_VALUE);
        JobManifest stuck = manifest(Duration.ofMinutes(5));
        view.apply(stuck);
        CompletableFuture<Report> waiting = view.report(stuck.jobId());
        AutoCloseable listening = view.subscribe(stuck.jobId(), e -> { });
        JobManifest running = manifest(Duration.ofHours(3));
        view.apply(running);
        view.report(running.jobId());
        assertThat(view.watched()).isEqualTo(2);

        // When it is forgotten, long past its deadline
        clock.advance(Duration.ofHours(2));
        assertThat(view.evict()).isEqualTo(1);

        // Then its waiter and listener are gone with it (the request's own copy ends by its own timeout); the live job keeps its own
        assertThat(view.watched()).isEqualTo(1);
        assertThat(waiting).isNotDone();
        listening.close(); // a stream ending later is harmless
        assertThat(view.watched()).isEqualTo(1);
    }

    @Test
    void shouldLeaveNoIndexEntryBehindWhenSubmitsAndEvictionsInterleave() throws Exception {
        // Given jobs accepted on one thread (as HTTP threads do) that are expired at once (deadline long past)
        JobView view = view(Long.MAX_VALUE);
        Instant now = clock.instant();
        Thread submits = new Thread(() -> {
            for (int i = 0; i < 30_000; i++) {
                view.accepted(JobManifest.create(UUID.randomUUID(), List.of("sentiment"), now, now.minus(Duration.ofDays(1)),
                        null, Map.of()));
            }
        });

        // When the view evicts on another thread meanwhile (as the updater does)
        submits.start();
        while (submits.isAlive()) {
            view.evict();
        }
        submits.join();
        view.evict();

        // Then the index's order holds exactly the indexed jobs: none outlived its job
        assertThat(view.size()).isZero();
        assertThat(view.indexed()).isZero();
        assertThat(view.indexOrdered()).isEqualTo(view.indexed());
    }
}
