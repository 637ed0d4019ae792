package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** {@code switchboard-bom} has no parent (so importing it brings no third-party versions): it is held to the build here. */
class BomTest {
    /** Modules that are not a dependency anyone should take. */
    private static final List<String> UNPUBLISHED = List.of("bom", "benchmarks");

    @Test
    void shouldManageEveryPublishedModuleAtTheBuildVersion() throws Exception {
        // Given the parent pom's modules and the BOM
        Document parent = PomFiles.read(PomFiles.ROOT.resolve("pom.xml"));
        Document bom = PomFiles.read(PomFiles.ROOT.resolve("bom/pom.xml"));
        List<String> published = new ArrayList<>();
        for (String module : PomFiles.texts(parent, "modules/module")) {
            if (!UNPUBLISHED.contains(module)) {
                published.add(PomFiles.text(PomFiles.read(PomFiles.ROOT.resolve(module).resolve("pom.xml")), "artifactId"));
            }
        }

        // Then the BOM has the build's version and manages each of them at that version, and nothing without a parent
        assertThat(PomFiles.text(bom, "version")).isEqualTo(PomFiles.text(parent, "version"));
        assertThat(PomFiles.text(bom, "parent")).isNull();
        assertThat(PomFiles.texts(bom, "dependencyManagement/dependencies/dependency/artifactId"))
                .containsExactlyInAnyOrderElementsOf(published);
        assertThat(PomFiles.texts(bom, "dependencyManagement/dependencies/dependency/version")).containsOnly("${project.version}");
        assertThat(Files.readString(PomFiles.ROOT.resolve("bom/pom.xml"))).doesNotContain("<scope>import</scope>");
    }

    @Test
    void shouldBuildTheExternalSampleAgainstThisVersion() throws Exception {
        // Given the sample project, a Maven project of its own that names the Switchboard version it uses
        Document parent = PomFiles.read(PomFiles.ROOT.resolve("pom.xml"));
        Document sample = PomFiles.read(PomFiles.ROOT.resolve("samples/external-agent/pom.xml"));

        // Then that version is this build's, so ExternalSampleIT tests what this build installs
        assertThat(PomFiles.text(sample, "properties/switchboard.version")).isEqualTo(PomFiles.text(parent, "version"));
    }
}
