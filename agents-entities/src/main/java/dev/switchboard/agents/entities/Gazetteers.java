package dev.switchboard.agents.entities;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Word lists of the rule-based extractor: first names, organisations, locations, common words. */
final class Gazetteers {
    final Set<String> firstNames = load("first-names.txt");
    final Set<String> organizations = load("organizations.txt");
    final Set<String> locations = load("locations.txt");
    final Set<String> commonWords = load("common-words.txt");
    /** The most words of an organisation or location in the lists: a longer run cannot be one of them. */
    private final int maxListedWords = Math.max(maxWords(organizations), maxWords(locations));

    static final Set<String> ORG_SUFFIXES = Set.of("inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "llc", "gmbh",
            "ag", "sa", "plc", "group", "bank", "university", "college", "institute", "foundation", "association", "agency",
            "council", "ministry", "department", "company", "co", "co.", "partners", "holdings", "technologies", "labs",
            "systems", "airlines", "motors", "capital", "ventures", "studios", "media", "pharmaceuticals", "school", "hospital",
            "committee", "commission", "authority", "court", "party", "union", "federation", "society", "as", "asa", "ab",
            "nv", "bv", "srl", "spa", "pty", "robotics", "logistics", "analytics", "software", "solutions", "networks",
            "consulting", "energy", "pharma", "therapeutics", "biosciences", "health", "healthcare", "insurance", "bancorp",
            "industries", "enterprises", "communications", "telecom", "airways", "automotive", "electronics", "semiconductor",
            "records", "entertainment", "games", "press", "publishing", "restaurants", "hotels", "resorts");
    static final Set<String> ORG_HEADS = Set.of("university", "bank", "department", "ministry", "institute", "college", "school", "church");
    static final Set<String> LOCATION_SUFFIXES = Set.of("street", "st.", "avenue", "ave", "road", "rd", "boulevard", "square",
            "lane", "drive", "river", "lake", "mountain", "mountains", "island", "islands", "bay", "valley", "county", "province",
            "city", "park", "bridge", "airport", "station");
    /** Words that introduce a name: a single unknown capitalised word after them is a person. */
    static final Set<String> GREETINGS = Set.of("hi", "hello", "dear", "hey", "thanks", "cheers");
    /** Prepositions of place: a single unknown capitalised word after them is a location. */
    static final Set<String> PLACE_PREPOSITIONS = Set.of("in", "at", "from", "to", "near", "across", "outside", "inside", "via");
    static final Set<String> TITLES = Set.of("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "professor",
            "president", "mayor", "minister", "senator", "governor", "ceo", "chairman", "chairwoman", "director", "judge",
            "sir", "dame", "lord", "lady", "king", "queen", "prince", "princess", "pope", "agent", "officer", "captain", "coach",
            "accountant", "engineer", "manager", "analyst", "spokesperson", "spokesman", "spokeswoman", "founder", "colleague");
    static final Set<String> NON_ORG_ACRONYMS = Set.of("CEO", "CFO", "CTO", "COO", "PDF", "API", "HR", "IT", "OK", "AM", "PM",
            "FAQ", "USB", "TV", "PC", "ID", "URL", "HTML", "CSV", "AI", "ML", "GDP", "CPI", "Q1", "Q2", "Q3", "Q4", "FYI", "ASAP", "PS");

    /** Whether the organisation or location lists hold these words, joined by spaces. */
    boolean listsName(List<String> words) {
        if (words.size() > maxListedWords) {
            return false;
        }
        String joined = key(String.join(" ", words));
        return organizations.contains(joined) || locations.contains(joined);
    }

    private static int maxWords(Set<String> names) {
        return names.stream().mapToInt(n -> (int) n.chars().filter(c -> c == ' ').count() + 1).max().orElse(1);
    }

    private static Set<String> load(String name) {
        Set<String> out = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Gazetteers.class.getResourceAsStream(name), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }

    static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
