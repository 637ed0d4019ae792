package dev.switchboard.orchestrator.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contracts.config.Secret;
import dev.switchboard.contracts.message.JobManifest;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.observability.management.ReadinessChecks;
import dev.switchboard.orchestrator.Http;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.OwnerIds;
import dev.switchboard.orchestrator.http.ApiServer;
import dev.switchboard.orchestrator.port.InMemoryJobQueries;
import dev.switchboard.orchestrator.port.InMemoryJobSubmissions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/jobs} over real HTTP on the real view: a key owning few of many jobs is answered with bounded work per
 * request (other owners' jobs are skipped without a snapshot, and a page examines at most its scan budget), and paging
 * on reaches all of its jobs.
 */
class JobListScanTest {
    private static final Secret ALICE = Secret.of("api-key-alice-scan-7c21");
    private static final Secret BOB = Secret.of("api-key-bob-scan-40e9");
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final int BOBS_JOBS = 10_000;
    private static final int SCAN_BUDGET = 2000; // max(10 × limit 50, 2000)

    private final JobView view = new JobView(new AgentDirectory(Duration.ofSeconds(45)), Clock.systemUTC(),
            new JobView.Limits(100_000, Long.MAX_VALUE, Duration.ofDays(3650)));
    private final ApiServer server = new ApiServer(OrchestratorConfig.custom().apiKeys(List.of(ALICE, BOB)).port(0).build(),
            TopicCatalogue.bundled(), new InMemoryJobSubmissions(new InMemoryJobQueries(), Clock.systemUTC()), view,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new ReadinessChecks().add("kafka", () -> true),
            Clock.systemUTC()).start();
    private final Http alice = new Http(server.port(), ALICE.reveal());

    @AfterEach
    void stop() {
        server.close();
    }

    private UUID job(Secret owner, int secondsAfterT0) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        JobManifest m = JobManifest.create(UUID.randomUUID(), List.of("sentiment"), at, at.plus(Duration.ofDays(365)), null,
                Map.of()).withOwner(OwnerIds.of(owner));
        view.apply(m);
        return m.jobId();
    }

    @Test
    void shouldAnswerAKeyOwningFewOfManyJobsWithBoundedWorkAndReachAllOfThemByPaging() {
        // Given 10 000 of Bob's jobs and 3 of Alice's: the newest, one in the middle, the oldest
        List<UUID> alices = new ArrayList<>();
        alices.add(job(ALICE, 0));
        for (int i = 1; i <= BOBS_JOBS; i++) {
            job(BOB, i);
            if (i == BOBS_JOBS / 2) {
                alices.add(0, job(ALICE, i));
            }
        }
        alices.add(0, job(ALICE, BOBS_JOBS + 1));
        view.markCaughtUp();

        // When Alice pages through her list
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            long[] before = view.listingWork();
            Http.Response r = alice.get("/v1/jobs" + (next == null ? "" : "?before=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            long[] after = view.listingWork();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = r.json();
            page.path("jobs").forEach(j -> seen.add(j.path("jobId").asText()));
            next = page.hasNonNull("next") ? page.path("next").asText() : null;
            pages++;

            // Then each request examines at most its scan budget of index entries, and snapshots none of Bob's jobs
            assertThat(after[0] - before[0]).isLessThanOrEqualTo(SCAN_BUDGET);
            assertThat(after[1] - before[1]).isLessThanOrEqualTo(alices.size());
        } while (next != null && pages < 20);

        // And paging reaches all of Alice's jobs, newest first, and ends
        assertThat(next).isNull();
        assertThat(seen).containsExactlyElementsOf(alices.stream().map(UUID::toString).toList());
        assertThat(view.listingWork()[1]).isEqualTo(alices.size());
        assertThat(pages).isEqualTo(BOBS_JOBS / SCAN_BUDGET + 1);
    }
}
