package dev.switchboard.agents.sentiment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.switchboard.testkit.SdkArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    /** The one adapter to langchain4j's in-process embedding model (issue 17); everything else uses only the public SDK. */
    private static final String EMBEDDING = "dev.switchboard.agents.sentiment.internal.embedding";

    @Test
    void shouldUseOnlyThePublicSdk() {
        SdkArchitecture.agentsUseOnlyThePublicSdk("dev.switchboard.agents.sentiment")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(location -> !location.contains("/internal/embedding/"))
                        .importPackages("dev.switchboard.agents.sentiment"));
    }

    @Test
    void shouldKeepLangchain4jInsideTheEmbeddingAdapter() {
        JavaClasses adapter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(EMBEDDING);
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", "dev.langchain4j..", EMBEDDING)
                .check(adapter);
    }
}
