package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.message.AgentGraph;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.orchestrator.OrchestratorConfig;
import dev.switchboard.orchestrator.port.AcceptedJob;
import dev.switchboard.orchestrator.port.FanOutException;
import dev.switchboard.orchestrator.port.IdempotencyKeyInFlightException;
import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobRefusedException;
import dev.switchboard.orchestrator.port.JobRequest;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.JobSubmissions;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import dev.switchboard.orchestrator.port.SubmitOutcome;
import io.javalin.http.Context;
import dev.switchboard.observability.tracing.HttpTraceHeaders;
import dev.switchboard.observability.tracing.SpanScope;
import dev.switchboard.observability.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/jobs}, {@code GET /v1/jobs/{id}} and {@code GET /v1/jobs/{id}/report}. */
final class JobsApi {
    private static final Logger log = LoggerFactory.getLogger(JobsApi.class);
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_WAIT_SECONDS = 60;
    /** The status of a submit whose outcome Kafka has not confirmed (not a {@code JobStatus}: the job may not exist). */
    static final String UNKNOWN = "UNKNOWN";

    private final SubmitRequestParser parser;
    private final JobSubmissions submissions;
    private final JobQueries view;
    private final TopicCatalogue topics;
    private final OrchestratorConfig config;
    private final CallerLimits waits;
    private final Executor answers;

    /** {@code answers} writes long-polls' answers: never the thread that completes a report (the view's updater). */
    JobsApi(SubmitRequestParser parser, JobSubmissions submissions, JobQueries view, TopicCatalogue topics, OrchestratorConfig config,
            CallerLimits waits, Executor answers) {
        this.parser = parser;
        this.submissions = submissions;
        this.view = view;
        this.topics = topics;
        this.config = config;
        this.waits = waits;
        this.answers = answers;
    }

    Set<String> knownAgents() {
        return SubmitRequestParser.knownAgents(topics, view);
    }

    List<String> defaultAgents() {
        return parser.defaultAgents(topics);
    }

    /** The submit as a server span: the root of the job's trace, or a child of the caller's {@code traceparent}. */
    void submit(Context ctx, String caller) {
        try (SpanScope span = SpanScope.start(Tracing.tracer().spanBuilder("POST /v1/jobs").setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", "POST").setAttribute("http.route", "/v1/jobs"),
                HttpTraceHeaders.extract(ctx::header))) {
            try {
                submitInSpan(ctx, caller);
                span.span().setAttribute("http.response.status_code", (long) ctx.statusCode());
            } catch (ProblemException e) {
                if (e.problem().status() >= 500) {
                    span.fail(e);
                }
                throw e;
            } catch (RuntimeException e) {
                span.fail(e);
                throw e;
            }
        }
    }

    private void submitInSpan(Context ctx, String caller) {
        String key = ctx.header(IDEMPOTENCY_KEY);
        SubmitProblems.checkKey(key);
        JobRequest request = parser.parse(ctx.header("Content-Type"), ctx.bodyAsBytes(), knownAgents(), defaultAgents(), caller);
        AcceptedJob job;
        try {
            job = submissions.submit(request, caller, key);
        } catch (IdempotencyKeyReusedException e) {
            throw new ProblemException(SubmitProblems.keyReused(e));
        } catch (IdempotencyKeyInFlightException e) {
            ctx.header("Retry-After", "2");
            throw new ProblemException(SubmitProblems.keyInFlight(e));
        } catch (JobTooLargeException e) {
            log.info("Refused a job: {}", e.getMessage());
            throw new ProblemException(tooLarge(e));
        } catch (JobRefusedException e) {
            log.warn("Kafka refused a job: {}", e.getMessage());
            throw new ProblemException(SubmitProblems.recordRefused(e));
        } catch (JobOutcomeUnknownException e) {
            log.warn("The outcome of submit {} is unknown: {}", e.jobId(), e.getMessage());
            outcomeUnknown(ctx, e.jobId());
            return;
        } catch (FanOutException e) {
            log.warn("A submit failed: {}", e.getMessage());
            ctx.header("Retry-After", "5");
            throw new ProblemException(Problem.of(503, "kafka-unavailable", "Service unavailable",
                    "The job could not be written to Kafka; nothing was submitted. Try again."));
        }
        if (job.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        accepted(ctx, job.jobId());
    }

    /** The same 413 problem as a body over the document limit, naming the record limit and the serialized size. */
    static Problem tooLarge(JobTooLargeException e) {
        return SubmitProblems.tooLarge(e);
    }

    /**
     * 202 with status {@code UNKNOWN}: a committer took the job but Kafka has not confirmed it (decision 0020). The client
     * polls {@code Location}; it answers the job once committed, 404 {@code job-not-submitted} once known not written.
     */
    private static void outcomeUnknown(Context ctx, UUID jobId) {
        ctx.header("Location", "/v1/jobs/" + jobId);
        ctx.header("Retry-After", "2");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("status", UNKNOWN);
        body.put("detail", "Kafka has not confirmed the job yet; it may or may not be submitted. Poll the job: it answers"
                + " the job once written, or 404 job-not-submitted once known not written (then submit again)");
        body.put("links", links(jobId));
        Responses.json(ctx, 202, body);
    }

    /**
     * 503 with {@code Retry-After} for job submits and reads, and usage, while the view is still replaying the log
     * (decisions 0020, 0024).
     */
    static void refuseWhileCatchingUp(Context ctx, JobQueries view) {
        if ((ctx.path().startsWith("/v1/jobs") || ctx.path().equals("/v1/usage")) && !view.caughtUp()) {
            ctx.header("Retry-After", "5");
            throw new ProblemException(Problem.of(503, "view-catching-up", "Catching up",
                    "The orchestrator is still reading the job log after a start; try again in a few seconds"));
        }
    }

    private void missing(Context ctx, UUID jobId) {
        missing(ctx, view, jobId);
    }

    /** Answers for a job without a known manifest: unknown outcome (202), known not submitted (404), or no such job (404). */
    static void missing(Context ctx, JobQueries view, UUID jobId) {
        Optional<SubmitOutcome> outcome = view.submitOutcome(jobId);
        if (outcome.isPresent() && outcome.get() == SubmitOutcome.UNKNOWN) {
            outcomeUnknown(ctx, jobId);
            return;
        }
        if (outcome.isPresent()) {
            throw new ProblemException(Problem.of(404, "job-not-submitted", "Job not submitted",
                    "Job " + jobId + " was not written: its submit's transaction was aborted. Submit it again"));
        }
        throw notFound(jobId);
    }

    private void accepted(Context ctx, UUID jobId) {
        ctx.header("Location", "/v1/jobs/" + jobId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("status", view.job(jobId).map(s -> s.status().name()).orElse("PENDING"));
        body.put("links", links(jobId));
        Responses.json(ctx, 202, body);
    }

    static Map<String, String> links(UUID jobId) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/v1/jobs/" + jobId);
        links.put("report", "/v1/jobs/" + jobId + "/report");
        links.put("events", "/v1/jobs/" + jobId + "/events");
        return links;
    }

    void status(Context ctx) {
        UUID jobId = jobId(ctx);
        Optional<JobSnapshot> known = JobAccess.visible(ctx, view.job(jobId));
        if (known.isEmpty()) {
            missing(ctx, jobId);
            return;
        }
        JobSnapshot job = known.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("status", job.status().name());
        body.put("submittedAt", job.manifest().submittedAt());
        body.put("deadline", job.manifest().deadline());
        body.put("agents", agentLines(job));
        if (!job.manifest().metadata().isEmpty()) {
            body.put("metadata", job.manifest().metadata());
        }
        if (job.report() != null) {
            body.put("report", job.report());
        }
        body.put("links", links(jobId));
        Responses.json(ctx, 200, body);
    }

    /** Each of the job's agents' {@link AgentLine}, in the manifest's order (also {@code GET /v1/jobs}' per job). */
    static Map<String, AgentLine> agentLines(JobSnapshot job) {
        Map<String, AgentLine> agents = new LinkedHashMap<>();
        AgentGraph graph = job.manifest().graph();
        job.manifest().agents().forEach(a -> agents.put(a, AgentLine.of(a, job.agents().get(a), graph)));
        return agents;
    }

    void report(Context ctx) {
        UUID jobId = jobId(ctx);
        Optional<JobSnapshot> known = JobAccess.visible(ctx, view.job(jobId));
        if (known.isEmpty()) {
            missing(ctx, jobId);
            return;
        }
        JobSnapshot job = known.get();
        if (job.report() != null) {
            Responses.json(ctx, 200, job.report());
            return;
        }
        int wait = waitSeconds(ctx);
        if (wait == 0) {
            notReady(ctx, job);
            return;
        }
        // holds no thread while it waits, but a slot of the wait caps (0018) until it is answered
        CallerLimits.Slot slot = waits.acquire(ctx, ApiServer.caller(ctx));
        // this request's own future: a timeout must end this wait only, never the job's shared one (other waiters)
        CompletableFuture<Void> done = view.report(jobId).copy()
                .orTimeout(wait, TimeUnit.SECONDS)
                .<Void>handleAsync((report, error) -> { // a blocking write: on answers, never the completing thread
                    if (report != null) {
                        Responses.json(ctx, 200, report);
                    } else {
                        notReady(ctx, view.job(jobId).orElse(job));
                    }
                    return null;
                }, answers)
                .whenComplete((ignored, error) -> slot.close());
        ctx.future(() -> done);
    }

    private static void notReady(Context ctx, JobSnapshot job) {
        ctx.header("Retry-After", "1");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", job.manifest().jobId());
        body.put("status", job.status().name());
        body.put("detail", "The report is not ready yet");
        body.put("links", links(job.manifest().jobId()));
        Responses.json(ctx, 202, body);
    }

    private static int waitSeconds(Context ctx) {
        String raw = ctx.queryParam("waitSeconds");
        if (raw == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < 0 || n > MAX_WAIT_SECONDS) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-wait", "waitSeconds must be a whole number from 0 to " + MAX_WAIT_SECONDS);
        }
    }

    static UUID jobId(Context ctx) {
        String raw = ctx.pathParam("id");
        return parseJobId(raw).orElseThrow(() -> new ProblemException(Problem.of(404, "job-not-found", "Job not found",
                "No job " + truncate(raw))));
    }

    static Optional<UUID> parseJobId(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static ProblemException notFound(UUID jobId) {
        return new ProblemException(Problem.of(404, "job-not-found", "Job not found", "No job " + jobId));
    }

    private static String truncate(String s) {
        String safe = s == null ? "" : s.replaceAll("[^A-Za-z0-9-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) + "..." : safe;
    }

}
