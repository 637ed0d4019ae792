package dev.switchboard.orchestrator.http;

import dev.switchboard.orchestrator.port.BatchItem;
import dev.switchboard.orchestrator.port.BatchResult;
import dev.switchboard.orchestrator.port.IdempotencyKeyInFlightException;
import dev.switchboard.orchestrator.port.IdempotencyKeyReusedException;
import dev.switchboard.orchestrator.port.JobOutcomeUnknownException;
import dev.switchboard.orchestrator.port.JobRefusedException;
import dev.switchboard.orchestrator.port.JobSubmissions;
import dev.switchboard.orchestrator.port.JobTooLargeException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/jobs:batch} (decision 0037): up to {@link BatchRequestParser#MAX_ITEMS} job requests in one body, each
 * validated and submitted alone ({@link JobSubmissions#submitAll}: each under its own idempotency key, the jobs written
 * together). Answers 200 with one entry per item in request order, a job id or the problem a single submit of that item
 * would have got; a 4xx only when the body is unusable as a whole, 503 with {@code Retry-After} when no item was
 * written because Kafka is unavailable. The body may be up to {@code SWITCHBOARD_MAX_BATCH_BYTES}, read here past the
 * API's document-sized request limit; at most {@link #MAX_CONCURRENT} batches are in hand at once (429 past it), so a
 * few large ones cannot exhaust the heap.
 */
final class BatchApi {
    private static final Logger log = LoggerFactory.getLogger(BatchApi.class);

    private final BatchRequestParser parser;
    private final JobSubmissions submissions;
    private final JobsApi jobs;
    private final long maxBytes;
    /** Batches read and submitted at once in this orchestrator: past it, 429 with {@code Retry-After}. */
    static final int MAX_CONCURRENT = 2;
    private final Semaphore inProgress = new Semaphore(MAX_CONCURRENT);

    BatchApi(BatchRequestParser parser, JobSubmissions submissions, JobsApi jobs, long maxBytes) {
        this.parser = parser;
        this.submissions = submissions;
        this.jobs = jobs;
        this.maxBytes = maxBytes;
    }

    void submit(Context ctx, String caller) {
        if (!inProgress.tryAcquire()) { // each batch in hand may hold SWITCHBOARD_MAX_BATCH_BYTES several times over
            ctx.header("Retry-After", "1");
            throw new ProblemException(Problem.of(429, "too-many-batches", "Too many batches",
                    "This orchestrator is already reading " + MAX_CONCURRENT + " batches; try again shortly")
                    .with("maxConcurrentBatches", MAX_CONCURRENT));
        }
        try {
            submitHeld(ctx, caller);
        } finally {
            inProgress.release();
        }
    }

    private void submitHeld(Context ctx, String caller) {
        List<BatchRequestParser.Item> items = parser.parse(ctx.header("Content-Type"), body(ctx), jobs.knownAgents(),
                jobs.defaultAgents(), caller);
        List<BatchItem> valid = items.stream().filter(i -> i.item() != null).map(BatchRequestParser.Item::item).toList();
        List<BatchResult> results = submissions.submitAll(valid, caller);
        List<Map<String, Object>> answers = new ArrayList<>(items.size());
        int accepted = 0;
        int unavailable = 0;
        int next = 0;
        for (int index = 0; index < items.size(); index++) {
            BatchRequestParser.Item item = items.get(index);
            Map<String, Object> answer = item.item() == null ? refused(index, item.problem()) : answer(index, results.get(next++));
            accepted += answer.containsKey("jobId") ? 1 : 0;
            unavailable += answer.get("problem") instanceof Problem p && p.status() == 503 ? 1 : 0;
            answers.add(answer);
        }
        if (accepted == 0 && unavailable > 0) { // nothing written for want of Kafka: the batch as a whole is to retry
            ctx.header("Retry-After", "5");
            throw new ProblemException(Problem.of(503, "kafka-unavailable", "Service unavailable",
                    "No job of the batch could be written to Kafka; nothing was submitted. Try the same batch again."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", answers);
        body.put("accepted", accepted);
        body.put("refused", items.size() - accepted);
        Responses.json(ctx, 200, body);
    }

    /** The body, at most {@code maxBytes}: a larger one is refused (413) before it is read further. */
    private byte[] body(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client went away or sent less than it announced: 400 incomplete-request
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.of(413, "batch-too-large", "Batch too large",
                "The batch body is larger than " + maxBytes + " bytes (SWITCHBOARD_MAX_BATCH_BYTES); split it into several batches")
                .with("maxBytes", maxBytes));
    }

    private static Map<String, Object> answer(int index, BatchResult result) {
        if (result.job() != null) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("index", index);
            answer.put("jobId", result.job().jobId());
            answer.put("replayed", result.job().replayed());
            answer.put("links", JobsApi.links(result.job().jobId()));
            return answer;
        }
        if (result.refusal() instanceof JobOutcomeUnknownException e) { // as a single submit's 202 UNKNOWN: poll the job
            log.warn("The outcome of batch item {} (job {}) is unknown: {}", index, e.jobId(), e.getMessage());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("index", index);
            answer.put("jobId", e.jobId());
            answer.put("status", JobsApi.UNKNOWN);
            answer.put("links", JobsApi.links(e.jobId()));
            return answer;
        }
        return refused(index, refusal(result.refusal()));
    }

    private static Map<String, Object> refused(int index, Problem problem) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("index", index);
        answer.put("problem", problem);
        return answer;
    }

    /** The problem {@code POST /v1/jobs} answers for the same refusal. */
    static Problem refusal(RuntimeException e) {
        if (e instanceof IdempotencyKeyReusedException reused) {
            return SubmitProblems.keyReused(reused);
        }
        if (e instanceof IdempotencyKeyInFlightException) {
            return SubmitProblems.keyInFlight(e);
        }
        if (e instanceof JobTooLargeException large) {
            return SubmitProblems.tooLarge(large);
        }
        if (e instanceof JobRefusedException) {
            return SubmitProblems.recordRefused(e);
        }
        log.warn("A batch item failed: {}", e.getMessage());
        return Problem.of(503, "kafka-unavailable", "Service unavailable",
                "The job could not be written to Kafka; nothing of it was submitted. Try again.");
    }
}
