package dev.switchboard.orchestrator.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The HTTP layer knows jobs only through the submit and read-model ports: no Kafka client, no view, no fan-out. */
class HttpSeamTest {
    private final JavaClasses http = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.switchboard.orchestrator.http");

    @Test
    void shouldKeepTheHttpLayerOffKafkaAndOffThePortImplementations() {
        noClasses().that().resideInAPackage("dev.switchboard.orchestrator.http..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.switchboard.orchestrator.view..",
                        "dev.switchboard.orchestrator.jobs..")
                .check(http);
    }
}
