package dev.switchboard.launcher;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the commands that read the API share: where it is ({@link ApiOptions}), {@code --json}, and printing. */
abstract class ApiCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    ApiOptions api;

    @Option(names = "--json", description = "Print JSON (the API's answer; for events, one event per line).")
    boolean json;

    /** Prints {@code text} to the command's output (a terminal, or a test's writer) at once; controls escaped (JSON stays JSON). */
    final void print(String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(TerminalText.lines(text));
        out.flush();
    }
}
