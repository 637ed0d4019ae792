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

    /**
     * The class {@code O} of a class implementing {@code Agent<O>}, searched up its superclasses and interfaces with the
     * type arguments each one binds ({@code class X extends Base<Foo>} where {@code Base<O> implements Agent<O>}).
     */
    private static Class<?> outputTypeOf(Class<?> agentClass) {
        Class<?> found = resolve(agentClass, java.util.Map.of());
        if (found == null) {
            throw new IllegalStateException(agentClass.getName() + " does not bind the output class of Agent<O> to a class "
                    + "(it is raw, or O stays a type variable); override outputType() to return it");
        }
        return found;
    }

    private static Class<?> resolve(Type type, java.util.Map<java.lang.reflect.TypeVariable<?>, Type> bound) {
        Class<?> raw = rawClass(type);
        if (raw == null || raw == Object.class) {
            return null;
        }
        java.util.Map<java.lang.reflect.TypeVariable<?>, Type> here = new java.util.HashMap<>();
        if (type instanceof ParameterizedType p) {
            java.lang.reflect.TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < arguments.length; i++) {
                Type argument = arguments[i];
                here.put(variables[i], argument instanceof java.lang.reflect.TypeVariable<?> v && bound.containsKey(v)
                        ? bound.get(v) : argument);
            }
        }
        if (raw == Agent.class) {
            Type output = here.get(Agent.class.getTypeParameters()[0]);
            return output == null ? null : rawClass(output);
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Class<?> found = resolve(parent, here);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : resolve(raw.getGenericSuperclass(), here);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof java.lang.reflect.GenericArrayType array) {
            Class<?> component = rawClass(array.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null;
    }
}
