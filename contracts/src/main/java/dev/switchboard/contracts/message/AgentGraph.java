package dev.switchboard.contracts.message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which agents need which other agents' outputs (decision 0030): {@code needs: [..]} of an agent in topics.yaml, and a
 * job's copy of it in its {@link JobManifest}. Never has a cycle: {@link #of} refuses one and names it. An agent's
 * stage is 1 without needs, else one more than its latest need's.
 */
public final class AgentGraph {
    /** The graph of agents with no needs: every job before workflows existed. */
    public static final AgentGraph NONE = new AgentGraph(Map.of());

    /** At most this many agents in one graph: a manifest read from Kafka cannot make the aggregator walk more. */
    public static final int MAX_AGENTS = 256;

    private final Map<String, List<String>> needs;
    private final Map<String, Integer> stages = new java.util.concurrent.ConcurrentHashMap<>();

    private AgentGraph(Map<String, List<String>> needs) {
        this.needs = needs;
    }

    /**
     * The graph of {@code needs} (agent to the agents it needs; agents with none may be left out). Throws
     * {@link IllegalArgumentException} naming the cycle when the needs form one ({@code a → b → a}), and for a blank name.
     */
    public static AgentGraph of(Map<String, List<String>> needs) {
        if (needs == null || needs.isEmpty()) {
            return NONE;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        needs.forEach((agent, of) -> {
            requireName(agent);
            List<String> distinct = of == null ? List.of() : of.stream().map(AgentGraph::requireName).distinct().toList();
            if (!distinct.isEmpty()) {
                copy.put(agent, distinct);
            }
        });
        AgentGraph graph = new AgentGraph(java.util.Collections.unmodifiableMap(copy));
        if (graph.agents().size() > MAX_AGENTS) {
            throw new IllegalArgumentException("agents' needs name " + graph.agents().size() + " agents, at most " + MAX_AGENTS);
        }
        graph.findCycle().ifPresent(cycle -> {
            throw new IllegalArgumentException("agents' needs form a cycle: " + String.join(" \u2192 ", cycle));
        });
        return graph;
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an agent name in needs is blank");
        }
        return name;
    }

    /** The agents {@code agent} needs, in declared order (empty for none). */
    public List<String> needs(String agent) {
        return needs.getOrDefault(agent, List.of());
    }

    /** Agent to its needs, for every agent that has any. */
    public Map<String, List<String>> asMap() {
        return needs;
    }

    public boolean isEmpty() {
        return needs.isEmpty();
    }

    /**
     * {@code requested} and every agent they need, directly or not, each once and after all it needs: a need comes
     * before its first dependent, otherwise the requested order stands ({@code [synthesis]} gives
     * {@code [sentiment, entities, summary, synthesis]}).
     */
    public List<String> closure(Collection<String> requested) {
        Set<String> ordered = new LinkedHashSet<>();
        requested.forEach(agent -> visit(agent, ordered));
        return List.copyOf(ordered);
    }

    private void visit(String agent, Set<String> ordered) {
        if (ordered.contains(agent)) {
            return;
        }
        needs(agent).forEach(need -> visit(need, ordered));
        ordered.add(agent);
    }

    /** 1 for an agent without needs, else 1 + the highest stage of what it needs. */
    public int stage(String agent) {
        Integer known = stages.get(agent);
        if (known == null) {
            known = needs(agent).stream().mapToInt(this::stage).max().orElse(0) + 1;
            stages.put(agent, known);
        }
        return known;
    }

    /** The highest stage of {@code agents}: how many stages a job running them has. */
    public int stages(Collection<String> agents) {
        return agents.stream().mapToInt(this::stage).max().orElse(0);
    }

    /** This graph cut down to {@code agents}: only their needs (what a job that runs them keeps in its manifest). */
    public AgentGraph restrictedTo(Collection<String> agents) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        agents.forEach(a -> {
            if (needs.containsKey(a)) {
                kept.put(a, needs.get(a));
            }
        });
        return kept.isEmpty() ? NONE : new AgentGraph(java.util.Collections.unmodifiableMap(kept));
    }

    /** Every agent named in the graph, as a dependent or as a need. */
    public Set<String> agents() {
        Set<String> all = new LinkedHashSet<>();
        needs.forEach((agent, of) -> {
            all.addAll(of);
            all.add(agent);
        });
        return all;
    }

    /** A cycle, as the agents along it with the first repeated at the end, if the needs form one. */
    Optional<List<String>> findCycle() {
        Map<String, Integer> state = new LinkedHashMap<>(); // 1: on the current path, 2: done
        for (String start : needs.keySet()) {
            Optional<List<String>> cycle = cycleFrom(start, state, new ArrayList<>());
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private Optional<List<String>> cycleFrom(String agent, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(agent);
        if (seen != null && seen == 2) {
            return Optional.empty();
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(agent), path.size()));
            cycle.add(agent);
            return Optional.of(cycle);
        }
        state.put(agent, 1);
        path.add(agent);
        for (String need : needs(agent)) {
            Optional<List<String>> cycle = cycleFrom(need, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(agent, 2);
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentGraph other && needs.equals(other.needs);
    }

    @Override
    public int hashCode() {
        return needs.hashCode();
    }

    @Override
    public String toString() {
        return needs.toString();
    }
}
