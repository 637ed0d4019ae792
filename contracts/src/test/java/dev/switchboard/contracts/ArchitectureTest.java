package dev.switchboard.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void shouldDependOnlyOnTheJdkKafkaClientsJacksonAndSlf4j() {
        JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard.contracts");

        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "javax..", "org.apache.kafka.clients..", "org.apache.kafka.common..",
                        "com.fasterxml.jackson..", "org.slf4j..", "dev.switchboard.contracts..")
                .because("every process reads the wire contracts; they carry no model client, HTTP server or Streams code")
                .check(production);
    }
}
