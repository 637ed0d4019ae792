package dev.switchboard.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.switchboard.testkit.SdkArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private final JavaClasses all = new ClassFileImporter().importPackages("dev.switchboard.core");

    @Test
    void agentsWrittenAgainstTheSdkNeedOnlyItsPublicPackages() {
        SdkArchitecture.agentsUseOnlyThePublicSdk("dev.switchboard.core.testagents").check(all);
    }

    @Test
    void thePublicSdkDoesNotExposeTheRuntimeOrKafkaToAgents() {
        JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard.core");
        noClasses().that().resideInAnyPackage("dev.switchboard.contracts.message", "dev.switchboard.core.config", "dev.switchboard.contracts.topic")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.core.internal..")
                .check(production);
        noClasses().that().resideInAPackage("dev.switchboard.core.internal.llm..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.core.internal.runtime..")
                .check(production);
    }
}
