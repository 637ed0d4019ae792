package dev.switchboard.orchestrator.http;

import dev.switchboard.contracts.message.Json;
import io.javalin.http.Context;

/** Writes JSON and problem answers the one way the API does. */
final class Responses {
    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.toString(body));
    }

    static void problem(Context ctx, Problem problem) {
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(Json.toString(problem.at(ctx.path())));
    }
}
