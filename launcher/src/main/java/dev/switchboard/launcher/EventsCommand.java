package dev.switchboard.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchboard events JOB}: a job's events, followed live and resumed after a dropped connection (decision 0034). */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print a job's events (time, type, agent, message), following them until the job is over.")
final class EventsCommand extends ApiCommand {
    @Parameters(paramLabel = "JOB", description = "The job id.")
    String jobId;

    @Option(names = "--no-follow", description = "Print the events there are now and stop.")
    boolean noFollow;

    @Override
    public Integer call() throws Exception {
        new EventFollower(api.client(), JobIds.check(jobId), !noFollow,
                e -> print((json ? e.data().replace('\n', ' ') : EventLine.format(e)) + "\n")).run();
        return 0;
    }
}
