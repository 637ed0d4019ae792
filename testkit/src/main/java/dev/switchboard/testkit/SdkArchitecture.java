package dev.switchboard.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/** Architecture rules every agent module checks with ArchUnit. */
public final class SdkArchitecture {
    /** The packages an agent may use from Switchboard: the public SDK, nothing internal. */
    public static final List<String> PUBLIC_SDK = List.of("dev.switchboard.core", "dev.switchboard.contracts.message", "dev.switchboard.core.text");

    private SdkArchitecture() {
    }

    /**
     * Classes in {@code agentPackages} depend only on the JDK, SLF4J, Jackson and the public SDK
     * (plus their own packages): no Kafka, no runtime internals, no resilience or metrics code.
     */
    public static ArchRule agentsUseOnlyThePublicSdk(String... agentPackages) {
        List<String> allowed = new ArrayList<>(List.of("java..", "org.slf4j..", "com.fasterxml.jackson.."));
        allowed.addAll(PUBLIC_SDK);
        for (String p : agentPackages) {
            allowed.add(p + "..");
        }
        return classes().that().resideInAnyPackage(withSubpackages(agentPackages))
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("an agent is one small class against the public SDK; Kafka, retries, DLQ and metrics are the runtime's job");
    }

    private static String[] withSubpackages(String... packages) {
        return java.util.Arrays.stream(packages).map(p -> p + "..").toArray(String[]::new);
    }
}
