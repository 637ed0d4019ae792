package dev.switchboard.orchestrator.http;

import dev.switchboard.orchestrator.port.JobListing;
import dev.switchboard.orchestrator.port.JobSnapshot;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who may read a job (decision 0021): the caller that submitted it (its manifest's {@code owner}, a key
 * fingerprint), or a caller that sees every job (an admin key; everyone when there are no keys). A job hidden
 * from the caller reads as absent, so it answers 404 like a job that does not exist and leaks nothing. A
 * manifest written before owners existed has none: every authenticated caller reads it, as every key could before
 * owners existed (so jobs running across an upgrade stay readable by their submitters, and nothing is more exposed
 * than it was).
 */
final class JobAccess {
    private static final String SEES_ALL = "switchboard.seesAllJobs";

    private JobAccess() {
    }

    /** Marks the request's caller as one that sees every job; called while authenticating. */
    static void seesAll(Context ctx) {
        ctx.attribute(SEES_ALL, Boolean.TRUE);
    }

    /** Whether the request's caller sees every job (and every key's usage). */
    static boolean seesEverything(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(SEES_ALL));
    }

    /** {@code job} if the request's caller may read it, else empty. */
    static Optional<JobSnapshot> visible(Context ctx, Optional<JobSnapshot> job) {
        if (seesEverything(ctx)) {
            return job;
        }
        String caller = ApiServer.caller(ctx);
        return job.filter(j -> JobListing.readableBy(j.manifest().owner(), caller));
    }
}
