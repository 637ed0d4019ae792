package dev.switchboard.core.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of one Prometheus text scrape: {@code name{label="value",...} number} lines, comments dropped. */
record Scrape(List<Sample> samples) {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One series' value. */
    record Sample(String name, Map<String, String> labels, double value) {
        /** The series as promtool's input_series wants it: {@code name{a="b",...}}. */
        String series() {
            StringBuilder s = new StringBuilder(name).append('{');
            labels.forEach((k, v) -> s.append(k).append("=\"").append(v).append("\","));
            return s.append('}').toString();
        }
    }

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Scrape(List.copyOf(samples));
    }

    /** The samples of metric {@code name} for {@code agent}. */
    List<Sample> of(String name, String agent) {
        return samples.stream().filter(s -> s.name().equals(name) && agent.equals(s.labels().get("agent"))).toList();
    }

    /** Only the agents' signal series: a failed wait prints this. */
    @Override
    public String toString() {
        return samples.size() + " samples; signals: " + samples.stream().filter(s -> s.name().startsWith("switchboard_agent_")
                && s.value() != 0).map(s -> s.series() + " " + s.value()).toList();
    }

    /** The sum of metric {@code name} over {@code agent}'s series. */
    double sum(String name, String agent) {
        return of(name, agent).stream().mapToDouble(Sample::value).sum();
    }
}
