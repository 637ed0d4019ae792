package dev.switchboard.launcher;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code switchboard completion}: a bash (and zsh, through bashcompinit) completion script: {@code source <(./switchboard completion)}.
 * It completes both {@code switchboard} (on the PATH) and {@code ./switchboard}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script; use it with: source <(./switchboard completion)")
final class CompletionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        String name = spec.root().name();
        out.print(AutoComplete.bash(name, spec.root().commandLine()));
        // bash finds a completion by the command word as typed: ./switchboard (the script in the repository) needs its own
        out.println("complete -F _complete_" + name + " -o default ./" + name);
        out.flush();
    }
}
