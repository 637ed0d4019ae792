package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchboard completion}: a bash completion script that knows the commands and their options. */
class CompletionCommandTest {

    @Test
    void shouldPrintABashCompletionScriptForEveryCommand() {
        // When the script is asked for
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("completion");

        // Then it registers a completion function for switchboard and ./switchboard that offers the commands and their options
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("complete -F _complete_switchboard -o default switchboard ")
                .contains("complete -F _complete_switchboard -o default ./switchboard\n")
                .contains("status").contains("events").contains("agents").contains("--no-follow").contains("--deadline");
    }
}
