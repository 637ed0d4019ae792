package dev.switchboard.bench;

import dev.switchboard.core.runtime.AgentWorker;
import dev.switchboard.core.runtime.LlmGateway;
import dev.switchboard.contracts.config.KafkaSettings;
import dev.switchboard.core.config.LlmConfig;
import dev.switchboard.core.config.LlmProvider;
import dev.switchboard.core.config.WorkerConfig;
import dev.switchboard.contracts.message.Document;
import dev.switchboard.contracts.message.Ids;
import dev.switchboard.contracts.message.Task;
import dev.switchboard.contracts.topic.AgentTopics;
import dev.switchboard.contracts.topic.TopicCatalogue;
import dev.switchboard.contracts.topic.TopicProvisioner;
import dev.switchboard.fakes.ScriptedOpenAiServer;
import dev.switchboard.fakes.ScriptedOpenAiServer.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scenario 2: an LLM-bound agent against a scripted OpenAI-compatible server answering in 300 ms
 * (±50 ms), the gateway limited to R requests per second. Utilization = achieved rate / R; the
 * server counts requests that broke the limit in any one-second window.
 */
final class LlmScenario {
    static final int RATE = 60;

    record Result(int requests, double achievedPerSecond, double utilization, int overLimit, double closestMillis) {
    }

    static Result run(String bootstrap, boolean quick) throws Exception {
        int tasks = RATE * (quick ? 12 : 40);
        String agent = "llm-bench";
        TopicCatalogue topics = TopicCatalogue.bundled().withAgent(agent, List.of("5s"), 2);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicProvisioner(admin).apply(topics);
        }
        try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
            server.otherwise(r -> Reply.content("ok").withDelay(Duration.ofMillis(250 + ThreadLocalRandom.current().nextInt(101))));
            LlmGateway gateway = LlmGateway.create(LlmConfig.custom().provider(LlmProvider.OPENAI).baseUrl(server.baseUrl())
                    .model("bench").requestsPerSecond(RATE).tokensPerMinute(0).maxAttempts(1).build(), new SimpleMeterRegistry());
            try (AgentWorker worker = AgentWorker.builder(new BenchAgent(agent, 0, true)).kafka(KafkaSettings.of(bootstrap))
                    .topics(topics).gateway(gateway).worker(WorkerConfig.custom().concurrency(64).build()).build().start();
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                         new StringSerializer(), new ByteArraySerializer())) {
                AgentTopics t = topics.agent(agent);
                Instant now = Instant.now();
                for (int i = 0; i < tasks; i++) {
                    Task task = Task.create(Ids.newId(), agent, Document.ofText("t" + i), null, now, now.plusSeconds(600));
                    producer.send(new ProducerRecord<>(t.tasks().name(), task.jobId().toString(),
                            t.tasks().valueSerde().serializer().serialize(t.tasks().name(), task)));
                }
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (server.requestCount() < tasks && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            List<Long> arrivals = server.requests().stream().map(ScriptedOpenAiServer.Request::arrivalNanos).sorted().toList();
            double achieved = Stats.sustainedRate(arrivals, RATE);
            return new Result(arrivals.size(), achieved, achieved / RATE, Stats.overLimit(arrivals, RATE),
                    Stats.closestMillis(arrivals, RATE));
        }
    }
}
