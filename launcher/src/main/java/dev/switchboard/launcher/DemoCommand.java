package dev.switchboard.launcher;

import dev.switchboard.contracts.message.Report;
import dev.switchboard.observability.tracing.Tracing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start everything like 'up', submit the sample documents, print each report, stop.")
final class DemoCommand implements Callable<Integer> {
    static final List<String> BUNDLED = List.of("news-article.txt", "product-review.txt", "support-ticket.txt");

    @Option(names = "--samples", description = "Directory of .txt documents (default: ./samples, else the bundled samples).")
    Path samples;

    @Option(names = "--port", description = "HTTP port (default: any free port).", defaultValue = "0")
    int port;

    @Override
    public Integer call() throws Exception {
        Tracing.init("demo");
        Map<String, String> documents = documents();
        Path dir = Files.createTempDirectory("switchboard-demo-");
        try (Stack stack = Stack.start(new Settings().set("SWITCHBOARD_ORCHESTRATOR_PORT", port), dir, null)) {
            System.out.println("Switchboard is up: " + stack.readyIn() + " at " + stack.url()
                    + " (Kafka " + stack.bootstrap() + "); submitting " + documents.size() + " documents\n");
            ApiClient api = new ApiClient(stack.url(), null);
            Map<String, String> jobs = new LinkedHashMap<>();
            for (Map.Entry<String, String> d : documents.entrySet()) {
                jobs.put(d.getKey(), api.submit(d.getValue(), null));
            }
            int missing = 0;
            for (Map.Entry<String, String> job : jobs.entrySet()) {
                Optional<Report> report = api.awaitReport(job.getValue(), Duration.ofSeconds(120));
                if (report.isPresent()) {
                    System.out.println(ReportPrinter.format(job.getKey(), report.get()));
                } else {
                    System.err.println("switchboard: no report for " + job.getKey());
                    missing++;
                }
            }
            System.out.println((jobs.size() - missing) + " of " + jobs.size() + " reports received.");
            return missing == 0 ? 0 : 1;
        }
    }

    private Map<String, String> documents() throws IOException {
        Map<String, String> docs = new LinkedHashMap<>();
        Path dir = samples != null ? samples : Path.of("samples");
        if (Files.isDirectory(dir)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
            }
            for (Path f : files) {
                docs.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        if (docs.isEmpty()) {
            for (String name : BUNDLED) {
                try (InputStream in = DemoCommand.class.getResourceAsStream("/samples/" + name)) {
                    docs.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return docs;
    }
}
