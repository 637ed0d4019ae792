package dev.switchboard.spring;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.core.Agent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Runs every {@link Agent} bean as a worker of its agent type, with the runtime {@code ./switchboard agent} uses.
 * Settings are {@code switchboard.} + the keys of the README's configuration table ({@code switchboard.agent.concurrency}
 * is {@code SWITCHBOARD_AGENT_CONCURRENCY}); Spring's {@code MeterRegistry} gets the runtime's meters; a {@code switchboard}
 * health indicator reports the workers; closing the context drains them; a worker that stops on its own closes the
 * application when {@code switchboard.agent.exit-on-failure} says so. {@code switchboard.agent.enabled=false} turns
 * it all off (decision 0041).
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnProperty(prefix = "switchboard.agent", name = "enabled", matchIfMissing = true)
public class SwitchboardAutoConfiguration {
    static final String EXIT_ON_FAILURE = SpringSettings.PREFIX + ".agent.exit-on-failure";
    private static final String HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";

    /** Switchboard's settings, read from the Spring environment ({@code switchboard.*}, then {@code SWITCHBOARD_*}). */
    @Bean
    @ConditionalOnMissingBean
    public ConfigSource switchboardSettings(Environment environment) {
        return SpringSettings.from(environment);
    }

    /** The topic catalogue of {@code switchboard.topics.file}, else {@code ./topics.yaml}, else the bundled one. */
    @Bean
    @ConditionalOnMissingBean
    public TopicCatalogue switchboardTopics(ConfigSource switchboardSettings) {
        return TopicCatalogue.loadDefault(switchboardSettings.get("topics.file").orElse(null));
    }

    @Bean
    @ConditionalOnBean(Agent.class)
    AgentWorkers switchboardAgentWorkers(ObjectProvider<Agent<?>> agents, ConfigSource switchboardSettings, TopicCatalogue switchboardTopics,
            ObjectProvider<MeterRegistry> meterRegistry, ApplicationContext context) {
        KafkaClientVersion.check(context.getEnvironment());
        return new AgentWorkers(agents.orderedStream().toList(), switchboardSettings, switchboardTopics,
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new), context, exitOnFailure(context));
    }

    /**
     * {@code switchboard.agent.exit-on-failure}; by default true without Actuator's health (nothing else would tell that a
     * worker stopped) and false with it (its liveness probe does, and the application may serve more than agents).
     */
    static boolean exitOnFailure(ApplicationContext context) {
        boolean health = ClassUtils.isPresent(HEALTH_INDICATOR, context.getClassLoader());
        return Binder.get(context.getEnvironment()).bind(EXIT_ON_FAILURE, Boolean.class).orElse(!health);
    }

    /** With Actuator. (A member class is read before the outer bean methods: it asks for Agent beans, as they do.) */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnBean(Agent.class)
        @ConditionalOnMissingBean(name = "switchboardHealthIndicator")
        HealthIndicator switchboardHealthIndicator(AgentWorkers switchboardAgentWorkers) {
            return new SwitchboardHealthIndicator(switchboardAgentWorkers);
        }
    }
}
