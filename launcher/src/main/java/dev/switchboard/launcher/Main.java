package dev.switchboard.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchboard}: every way to run Switchboard from one jar. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "AI agent orchestration on Apache Kafka.",
        subcommands = {UpCommand.class, DemoCommand.class, SubmitCommand.class, KafkaCommand.class,
                OrchestratorCommand.class, AggregatorCommand.class, AgentCommand.class, TopicsCommand.class, BenchCommand.class,
                DlqCommand.class, StatusCommand.class, EventsCommand.class, AgentsCommand.class, CompletionCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int execute(String... args) {
        String logFormatProblem = logFormatProblem(System.getenv(LOG_FORMAT));
        if (logFormatProblem != null) {
            System.err.println("switchboard: " + logFormatProblem);
            return 2;
        }
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(problemLine(e));
                    return 1;
                })
                .execute(args);
    }

    /** Picks logback.xml's appender by name: any other value would leave the process without logs. */
    static final String LOG_FORMAT = "SWITCHBOARD_LOG_FORMAT";

    /** Why {@code value} of {@link #LOG_FORMAT} cannot be used, or null when it can (unset, text or json). */
    static String logFormatProblem(String value) {
        return value == null || value.equals("text") || value.equals("json") ? null
                : LOG_FORMAT + " must be text or json (lower case); got '" + value + "', which would leave this process without logs";
    }

    /** What a failed command prints: its {@link #describe description}, control characters escaped (a server's problem detail is not ours). */
    static String problemLine(Throwable e) {
        return "switchboard: " + TerminalText.lines(describe(e));
    }

    /** The message of a failure and of each cause that adds one, so a plugin's own exception is not lost. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String message = c.getMessage() != null ? c.getMessage() : c.toString();
            if (text.indexOf(message) < 0) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
