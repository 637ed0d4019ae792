package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code switchboard agents}: the agent types a running Switchboard knows, with their live instances and load. */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "List agent types: live instances, consumer lag, oldest task age, tasks in flight, LLM quota use.")
final class AgentsCommand extends ApiCommand {

    @Override
    public Integer call() throws Exception {
        JsonNode agents = api.client().call("/v1/agents", null);
        print(json ? agents.toPrettyString() + "\n" : AgentsPrinter.table(agents));
        return 0;
    }
}
