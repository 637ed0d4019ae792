package dev.switchboard.orchestrator.http;

import dev.switchboard.orchestrator.port.JobListing;
import dev.switchboard.orchestrator.port.JobOrder;
import dev.switchboard.orchestrator.port.JobPage;
import dev.switchboard.orchestrator.port.JobQueries;
import dev.switchboard.orchestrator.port.JobSnapshot;
import dev.switchboard.orchestrator.port.JobStatus;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/jobs?status=RUNNING,PARTIAL&limit=50&before=<cursor>}: the jobs the caller may read ({@link JobAccess}),
 * newest first, a page at a time; {@code next} is the cursor of the following page, absent on the last. A page examines
 * a bounded number of jobs ({@link JobListing#scanBudget}): it may hold fewer than {@code limit} jobs, or none, while
 * {@code next} is present; paging on reaches the rest.
 */
final class JobListApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final JobQueries view;

    JobListApi(JobQueries view) {
        this.view = view;
    }

    void list(Context ctx) {
        Set<JobStatus> statuses = statuses(ctx.queryParam("status"));
        int limit = DlqFilters.bounded("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        String before = ctx.queryParam("before");
        JobOrder after = before == null ? null : JobCursor.decode(before);
        String caller = JobAccess.seesEverything(ctx) ? null : ApiServer.caller(ctx);
        JobPage page = view.jobs(new JobListing(after, caller, statuses, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", page.jobs().stream().map(JobListApi::line).toList());
        if (page.next() != null) {
            body.put("next", JobCursor.encode(page.next()));
        }
        Responses.json(ctx, 200, body);
    }

    private static Map<String, Object> line(JobSnapshot job) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("jobId", job.manifest().jobId());
        line.put("status", job.status().name());
        line.put("submittedAt", job.manifest().submittedAt());
        line.put("deadline", job.manifest().deadline());
        line.put("agents", JobsApi.agentLines(job));
        if (job.report() != null) {
            line.put("reportRevision", job.report().revision());
        }
        line.put("links", JobsApi.links(job.manifest().jobId()));
        return line;
    }

    /** The statuses asked for (every status when none is); a 400 {@code invalid-status} naming the allowed ones. */
    static Set<JobStatus> statuses(String raw) {
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        if (raw != null) {
            for (String name : raw.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    statuses.add(JobStatus.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("invalid-status", "status must be a comma-separated list of "
                            + Arrays.toString(JobStatus.values()));
                }
            }
        }
        return statuses.isEmpty() ? EnumSet.allOf(JobStatus.class) : statuses;
    }
}
