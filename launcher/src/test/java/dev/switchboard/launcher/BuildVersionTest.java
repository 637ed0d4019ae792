package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BuildVersionTest {

    @Test
    void shouldPrintTheVersionTheBuildWrote() throws Exception {
        // Given the version in the build's pom
        String version = PomFiles.text(PomFiles.read(PomFiles.ROOT.resolve("pom.xml")), "version");

        // When switchboard --version runs
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--version");

        // Then it prints that version first, then the Java and Kafka versions
        assertThat(exit).isZero();
        assertThat(out.toString().lines().toList()).first().isEqualTo("switchboard " + version);
        assertThat(out.toString()).contains("Java " + System.getProperty("java.version"), "Kafka clients 4.");
    }
}
