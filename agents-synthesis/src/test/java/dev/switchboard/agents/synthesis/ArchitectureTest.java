package dev.switchboard.agents.synthesis;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.switchboard.testkit.SdkArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void shouldUseOnlyThePublicSdk() {
        SdkArchitecture.agentsUseOnlyThePublicSdk("dev.switchboard.agents.synthesis")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.switchboard.agents.synthesis"));
    }
}
