package dev.switchboard.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * One agent type: what it is called and how it turns a task into its output. The runtime finds it
 * with {@link java.util.ServiceLoader}: list the class in {@code META-INF/services/dev.switchboard.core.Agent}.
 *
 * <p>An agent holds no Kafka, retry, dead-letter or metrics code: the runtime does all of that.
 * Throw {@link RetriableTaskException} for a failure that may pass (the task goes to the next retry
 * tier) and {@link NonRetriableTaskException} for one that will not (dead letter and a FAILED
 * result). Any other exception counts as non-retriable, except I/O and timeouts.
 *
 * @param <O> the output record, written as JSON into {@code AgentResult.output}
 */
public interface Agent<O> {

    /** The agent's name: its topic suffix ({@code switchboard.tasks.<name>}) and its key in a report. */
    String name();

    /** Does the work for one task. Called on a worker thread; many calls run at once. */
    O handle(AgentTask task, AgentContext context) throws Exception;

    /**
     * The output type, also used to describe the expected JSON to the model. By default the type
     * argument of {@code Agent<O>} as the class declares it; a raw or generic agent overrides this.
     */
    @SuppressWarnings("unchecked")
    default Class<O> outputType() {
        return (Class<O>) outputTypeOf(getClass());
    }

    /**
     * The agent's deterministic stand-in for a model, used when the provider is {@code offline}.
     * The default has none: such an agent needs a real provider.
     */
    default OfflineModel<O> offlineModel() {
        return OfflineModel.none();
    }

    /**
     * This agent's one sentence in the report's synthesis, from its output. The default has none:
     * the report then only names the agent among those that answered.
     */
    default Optional<String> headline(O output) {
        return Optional.empty();
    }

    /** The class {@code O} of a class implementing {@code Agent<O>}, searched up its superclasses and interfaces. */
    private static Class<?> outputTypeOf(Class<?> agentClass) {
        Class<?> found = resolve(agentClass);
        if (found == null) {
            throw new IllegalStateException(agentClass.getName() + " does not name its output class in Agent<O> "
                    + "(a raw or generic agent); override outputType() to return it");
        }
        return found;
    }

    private static Class<?> resolve(Type type) {
        Class<?> raw = type instanceof Class<?> c ? c
                : type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
        if (raw == null || raw == Object.class) {
            return null;
        }
        if (type instanceof ParameterizedType p && raw == Agent.class) {
            Type argument = p.getActualTypeArguments()[0];
            return argument instanceof Class<?> c ? c
                    : argument instanceof ParameterizedType pa && pa.getRawType() instanceof Class<?> c ? c : null;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Class<?> found = resolve(parent);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : resolve(raw.getGenericSuperclass());
    }
}
