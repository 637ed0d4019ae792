package dev.switchboard.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.switchboard.testkit.SdkArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final int MAX_AUTHOR_TYPES = 15;
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

    @Test
    void shouldKeepTheAuthorPackageSmall() {
        // an author reads the whole package in five minutes: at most 15 public top-level types
        List<String> authorApi = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard.core").stream()
                .filter(c -> c.getPackageName().equals("dev.switchboard.core"))
                .filter(c -> c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getSimpleName).sorted().toList();
        assertThat(authorApi).hasSizeLessThanOrEqualTo(MAX_AUTHOR_TYPES);
    }

    @Test
    void shouldKeepTheAuthorPackageFreeOfTheRuntime() {
        JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard.core");
        noClasses().that().resideInAPackage("dev.switchboard.core")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.core.runtime..", "dev.switchboard.core.internal..",
                        "dev.switchboard.core.config..", "org.apache.kafka..", "dev.langchain4j..", "io.github.resilience4j..")
                .check(production);
    }
}
