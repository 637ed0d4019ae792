package dev.switchboard.launcher;

import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "topics", mixinStandardHelpOptions = true, description = "apply: create the topics of topics.yaml; check: list how the cluster differs from it.")
final class TopicsCommand implements Callable<Integer> {
    enum Action { apply, check }

    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "ACTION", description = "apply or check.")
    Action action;

    @Override
    public Integer call() {
        KafkaSettings kafka = KafkaSettings.from(service.settings().source());
        TopicCatalogue topics = TopicCatalogue.loadDefault();
        try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            if (action == Action.apply) {
                TopicProvisioner.Outcome outcome = provisioner.apply(topics);
                System.out.println("created " + outcome.created().size() + ", already as declared " + outcome.unchanged().size());
                outcome.created().forEach(t -> System.out.println("  + " + t));
                return 0;
            }
            List<String> problems = provisioner.check(topics);
            problems.forEach(p -> System.out.println("  - " + p));
            System.out.println(problems.isEmpty() ? "All " + topics.specs().size() + " topics match topics.yaml" : problems.size() + " difference(s)");
            return problems.isEmpty() ? 0 : 1;
        }
    }
}
