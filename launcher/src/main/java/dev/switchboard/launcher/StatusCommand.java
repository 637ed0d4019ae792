package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code switchboard status JOB}: where a job is, agent by agent, and its report once there is one. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a job's status: each agent's stage, state, attempts and error; the report when it is ready.")
final class StatusCommand extends ApiCommand {
    @Parameters(paramLabel = "JOB", description = "The job id.")
    String jobId;

    @Override
    public Integer call() throws Exception {
        JsonNode job = api.client().call("/v1/jobs/" + JobIds.check(jobId), null);
        print(json ? job.toPrettyString() + "\n" : StatusPrinter.format(job));
        return 0;
    }
}
