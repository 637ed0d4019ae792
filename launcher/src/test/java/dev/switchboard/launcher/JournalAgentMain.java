package dev.switchboard.launcher;

import dev.switchboard.contracts.config.ConfigSource;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.core.Agent;
import dev.switchboard.core.AgentContext;
import dev.switchboard.core.AgentTask;
import dev.switchboard.core.Prompt;
import dev.switchboard.core.runtime.AgentWorker;

/**
 * A test agent, run as its own process by {@link JournalIT}: it asks the model two questions about each document, one
 * after the other, and returns both answers.
 */
public final class JournalAgentMain {
    static final String NAME = "journaled";

    public record Answers(String first, String second) {
    }

    static final class TwoCallAgent implements Agent<Answers> {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Answers handle(AgentTask task, AgentContext context) {
            String first = context.llm().chat(Prompt.of("Answer briefly.", "first: " + task.text()));
            String second = context.llm().chat(Prompt.of("Answer briefly.", "second: " + task.text()));
            return new Answers(first, second);
        }
    }

    private JournalAgentMain() {
    }

    public static void main(String[] args) {
        ConfigSource env = ConfigSource.fromEnvironment();
        TopicCatalogue topics = TopicCatalogue.loadDefault().including(NAME);
        TopicProvisioner.provision(KafkaSettings.from(env), topics);
        AgentWorker worker = AgentWorker.builder(new TwoCallAgent()).configure(env).topics(topics).build();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "journaled-shutdown"));
        worker.start();
        System.out.println("Journaled agent is up");
        worker.awaitTermination();
    }
}
