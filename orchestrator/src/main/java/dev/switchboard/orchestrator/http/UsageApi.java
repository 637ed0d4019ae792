package dev.switchboard.orchestrator.http;

import dev.switchboard.orchestrator.port.UsageQueries;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/usage[?from=YYYY-MM-DD&to=YYYY-MM-DD]}: what each API key's jobs cost per UTC day (decision 0024). A key
 * sees its own rows; an admin key, and every caller without keys, sees every key's. Both dates default to today (UTC);
 * {@code from} alone runs to today, {@code to} alone is one day.
 */
final class UsageApi {
    private final UsageQueries usage;
    private final Clock clock;

    UsageApi(UsageQueries usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    void usage(Context ctx) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to = date(ctx, "to", today);
        LocalDate from = date(ctx, "from", ctx.queryParam("to") == null ? today : to);
        if (from.isAfter(to)) {
            throw ProblemException.badRequest("invalid-date", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        String owner = JobAccess.seesEverything(ctx) ? null : ApiServer.caller(ctx);
        List<Map<String, Object>> rows = usage.usage(owner, from, to).stream().map(UsageApi::row).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("usage", rows);
        Responses.json(ctx, 200, body);
    }

    private static Map<String, Object> row(UsageQueries.Row r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("apiKey", r.owner());
        row.put("day", r.day().toString());
        row.put("jobs", r.jobs());
        row.put("calls", r.calls());
        row.put("replayedCalls", r.replayedCalls());
        row.put("inputTokens", r.inputTokens());
        row.put("outputTokens", r.outputTokens());
        row.put("estimatedCost", r.estimatedCost());
        return row;
    }

    private static LocalDate date(Context ctx, String name, LocalDate fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            if (raw.length() != 10) {
                throw new DateTimeParseException("not YYYY-MM-DD", raw, 0);
            }
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-date", "'" + name + "' must be a date like 2026-11-29 (YYYY-MM-DD, UTC)");
        }
    }
}
