package dev.switchboard.agenttest;

import dev.switchboard.contracts.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The hand-labelled documents in {@code evaluation/documents.json} at the repository root. */
public record EvaluationSet(String description, List<Doc> documents) {

    public record Doc(String id, String category, String text, String sentiment, List<Entity> entities) {
    }

    public record Entity(String text, String type) {
    }

    /** The development set: seen while the analyzers were written. */
    public static final String DEVELOPMENT = "documents.json";
    /** The held-out set: written after the analyzers were frozen; the honest estimate. */
    public static final String HELD_OUT = "holdout.json";

    /** Loads {@code evaluation/<name>} from the repository root, searched upward from the working directory. */
    public static EvaluationSet load(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("evaluation").resolve(name))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("evaluation/" + name + " not found above " + Path.of("").toAbsolutePath());
        }
        try {
            return Json.fromString(Files.readString(dir.resolve("evaluation").resolve(name)), EvaluationSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
