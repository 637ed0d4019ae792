package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contracts.message.DeadLetterRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchboard dlq list|show|replay}: the dead letters of a running Switchboard, over its API (decision 0026). */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect and replay dead letters (needs an admin key when the orchestrator has keys).",
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ShowCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The filters list and replay share. */
    static final class Filters {
        @Option(names = "--agent", paramLabel = "AGENT", description = "Only this agent's dead letters.")
        String agent;

        @Option(names = "--since", paramLabel = "T", description = "Failed at or after T: an instant (2026-11-29T08:00:00Z) or a duration back from now (30m, 24h, 7d).")
        String since;

        @Option(names = "--error-class", paramLabel = "C", description = "Error class (full or simple name) or error type, e.g. INVALID_OUTPUT.")
        String errorClass;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters, newest first.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Mixin
        Filters filters;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (default: ${DEFAULT-VALUE}).", defaultValue = "100")
        int limit;

        @Override
        public Integer call() throws IOException, InterruptedException {
            StringBuilder q = new StringBuilder("/v1/dlq?limit=").append(limit);
            param(q, "agent", filters.agent);
            param(q, "since", filters.since);
            param(q, "errorClass", filters.errorClass);
            JsonNode listing = api.client().call(q.toString(), null);
            PrintWriter out = spec.commandLine().getOut();
            out.print(DlqPrinter.list(listing));
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one dead letter: every header and its task.")
    static final class ShowCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "REF", description = "agent:partition:offset, as dlq list prints it.")
        String ref;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode letter = api.client().call("/v1/dlq/" + ref(ref), null);
            PrintWriter out = spec.commandLine().getOut();
            out.print(DlqPrinter.show(letter));
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Send dead letters' tasks to their agents again; each dead letter is replayed once.")
    static final class ReplayCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Mixin
        Filters filters;

        @Option(names = "--ref", paramLabel = "REF", description = "Replay this dead letter (repeatable) instead of filtering.")
        List<String> refs;

        @Option(names = "--max", paramLabel = "N", description = "Send at most N (default: ${DEFAULT-VALUE}).", defaultValue = "100")
        int max;

        @Option(names = "--dry-run", description = "Say what would be sent; send nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws IOException, InterruptedException {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            putIf(body, "agent", filters.agent);
            putIf(body, "since", filters.since);
            putIf(body, "errorClass", filters.errorClass);
            if (refs != null && !refs.isEmpty()) {
                refs.forEach(r -> body.withArray("refs").add(ref(r)));
            }
            body.put("max", max);
            body.put("dryRun", dryRun);
            JsonNode outcome = api.client().call("/v1/dlq/replay", body.toString());
            PrintWriter out = spec.commandLine().getOut();
            out.print(DlqPrinter.replay(outcome));
            out.flush();
            return 0;
        }
    }

    /** A ref checked before it goes into a URL ({@link IllegalArgumentException} says what a ref looks like). */
    static String ref(String text) {
        return DeadLetterRef.parse(text).toString();
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static void putIf(ObjectNode body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
