package dev.switchboard.agents.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Word valences and the words that shift them: negators, intensifiers, dampeners, contrasts. */
final class Lexicon {
    static final Set<String> NEGATORS = Set.of("not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without",
            "hardly", "barely", "scarcely", "cannot", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't",
            "won't", "wouldn't", "can't", "couldn't", "shouldn't", "hasn't", "haven't", "hadn't", "ain't", "dont", "didnt",
            "isnt", "wasnt", "cant", "wont");
    static final Set<String> INTENSIFIERS = Set.of("very", "really", "extremely", "so", "incredibly", "absolutely", "totally",
            "highly", "super", "truly", "remarkably", "especially", "exceptionally", "utterly", "completely", "deeply", "most");
    static final Set<String> DAMPENERS = Set.of("slightly", "somewhat", "fairly", "rather", "a", "bit", "little", "kinda",
            "mildly", "partly", "marginally");
    /** What follows these weighs more than what precedes them. */
    static final Set<String> CONTRASTS = Set.of("but", "however", "yet", "nevertheless", "nonetheless", "still");
    /** The clause these open weighs less than the rest of the sentence. */
    static final Set<String> CONCESSIONS = Set.of("although", "though", "despite", "while", "whereas");

    /** Greetings and sign-offs that carry politeness, not opinion, when they stand alone. */
    static final Set<String> POLITENESS = Set.of("thanks", "thank", "you", "regards", "best", "cheers", "kind", "sincerely", "please");
    static final int MAX_PHRASE_WORDS = 4;

    private final Map<String, Double> valence;
    /** The first words of the phrases: a phrase is looked for only where one of them stands. */
    private final Set<String> phraseStarts;

    private Lexicon(Map<String, Double> valence) {
        this.valence = valence;
        this.phraseStarts = valence.keySet().stream().filter(k -> k.contains(" ")).map(k -> k.substring(0, k.indexOf(' ')))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The valence of the phrase of up to {@link #MAX_PHRASE_WORDS} words starting at {@code i}, longest first: [valence, length]. */
    double[] match(java.util.List<String> words, int i) {
        int longest = phraseStarts.contains(words.get(i)) ? MAX_PHRASE_WORDS : 1;
        for (int len = Math.min(longest, words.size() - i); len >= 1; len--) {
            Double v = valence.get(String.join(" ", words.subList(i, i + len)));
            if (v != null) {
                return new double[] {v, len};
            }
        }
        return new double[] {0, 1};
    }

    static Lexicon load() {
        Map<String, Double> map = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Lexicon.class.getResourceAsStream("lexicon.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                map.put(parts[0], Double.parseDouble(parts[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Lexicon(Map.copyOf(map));
    }


}
