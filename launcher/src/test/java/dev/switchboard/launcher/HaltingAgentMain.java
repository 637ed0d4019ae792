package dev.switchboard.launcher;

import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.core.AgentTask;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicProvisioner;

/**
 * A test agent, run as its own process by {@link PoisonRecordIT}: it echoes each document, and
 * halts its JVM (no shutdown hook, no commit, like the OOM killer or SIGKILL) on one that says
 * {@value #MARK}.
 */
public final class HaltingAgentMain {
    static final String NAME = "halting";
    static final String MARK = "HALT-THE-JVM";

    public record Echo(String text) {
    }

    static final class HaltingAgent implements Agent<Echo> {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Echo handle(AgentTask task, AgentContext context) {
            if (task.text().contains(MARK)) {
                Runtime.getRuntime().halt(137);
            }
            return new Echo(task.text());
        }
    }

    private HaltingAgentMain() {
    }

    public static void main(String[] args) {
        ConfigSource env = ConfigSource.fromEnvironment();
        TopicCatalogue topics = TopicCatalogue.loadDefault().including(NAME);
        TopicProvisioner.provision(KafkaSettings.from(env), topics);
        AgentWorker worker = AgentWorker.builder(new HaltingAgent()).configure(env).topics(topics).build();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "halting-shutdown"));
        worker.start();
        System.out.println("Halting agent is up");
        worker.awaitTermination();
    }
}
