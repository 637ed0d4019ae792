package dev.switchboard.agents.entities;

import dev.switchboard.core.AgentTask;
import dev.switchboard.core.OfflineModel;
import dev.switchboard.core.text.Sentences;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline entity model: patterns for money, percentages and dates, then runs of capitalised
 * words classified by titles ("Dr."), gazetteers (first names, organisations, places), suffixes
 * ("Inc", "University", "Street") and shape (acronyms). A capitalised word that only opens a
 * sentence is not an entity unless a list knows it. Repeats are merged with mention counts; a
 * surname or first name alone counts as a mention of the full name.
 */
final class RuleExtractor implements OfflineModel<Entities> {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’.&-]*");
    private static final java.util.Set<String> DETERMINERS = java.util.Set.of("the", "a", "an", "this", "that", "our", "their", "my", "your");
    private static final java.util.Set<String> CONNECTORS = java.util.Set.of("of", "de", "van", "von", "der", "la", "&", "del", "da");
    private final Gazetteers lists = new Gazetteers();

    private record Token(String text, int start, int end) {
    }

    private record Found(String text, Entities.Type type) {
    }

    @Override
    public Entities answer(AgentTask task) {
        return extract(task.text());
    }

    Entities extract(String text) {
        List<Found> found = new ArrayList<>();
        boolean[] taken = new boolean[text.length()];
        for (Patterns.Typed p : Patterns.ALL) {
            Matcher m = p.pattern().matcher(text);
            while (m.find()) {
                if (!anyTaken(taken, m.start(), m.end())) {
                    found.add(new Found(m.group().strip(), p.type()));
                    java.util.Arrays.fill(taken, m.start(), m.end(), true);
                }
            }
        }
        for (Sentences.Sentence sentence : Sentences.spans(text)) {
            names(sentence, taken, found);
        }
        return merge(found);
    }

    private void names(Sentences.Sentence sentence, boolean[] taken, List<Found> found) {
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(sentence.text());
        while (m.find()) {
            String t = clean(m.group());
            if (!t.isEmpty()) {
                tokens.add(new Token(t, sentence.start() + m.start(), sentence.start() + m.start() + t.length()));
            }
        }
        String source = sentence.text();
        int i = 0;
        while (i < tokens.size()) {
            if (!isCapitalised(tokens.get(i), taken)) {
                i++;
                continue;
            }
            int first = i;
            List<Token> run = new ArrayList<>();
            run.add(tokens.get(i));
            int j = i + 1;
            while (j < tokens.size() && adjacent(source, sentence.start(), tokens.get(j - 1), tokens.get(j))) {
                Token t = tokens.get(j);
                if (isCapitalised(t, taken)) {
                    run.add(t);
                    j++;
                } else if (CONNECTORS.contains(t.text()) && j + 1 < tokens.size() && isCapitalised(tokens.get(j + 1), taken)
                        && adjacent(source, sentence.start(), t, tokens.get(j + 1))) {
                    run.add(t);
                    run.add(tokens.get(j + 1));
                    j += 2;
                } else {
                    break;
                }
            }
            String before = first > 0 && adjacent(source, sentence.start(), tokens.get(first - 1), tokens.get(first))
                    ? Gazetteers.key(tokens.get(first - 1).text()) : "";
            classify(run, first == 0, before, found);
            i = j;
        }
    }

    private void classify(List<Token> run, boolean sentenceStart, String wordBefore, List<Found> found) {
        String before = wordBefore;
        List<String> texts = run.stream().map(Token::text).toList();
        int from = 0; // the name is texts[from, to): leading titles and common words fall away
        int to = texts.size();
        boolean titled = false;
        boolean atStart = sentenceStart;
        while (from < to) {
            String head = Gazetteers.key(texts.get(from));
            String tail = Gazetteers.key(texts.get(to - 1));
            boolean known = to - from > 1 && (Gazetteers.ORG_SUFFIXES.contains(tail) || Gazetteers.LOCATION_SUFFIXES.contains(tail)
                    || lists.listsName(texts.subList(from, to)));
            if (known && !DETERMINERS.contains(head) && !Gazetteers.TITLES.contains(head)) {
                break; // "New York", "European Central Bank": the leading word is part of the name
            }
            if (Gazetteers.TITLES.contains(head) || Gazetteers.TITLES.contains(head + ".")) {
                titled = true;
            } else if (!lists.commonWords.contains(head) || lists.firstNames.contains(head) && to - from > 1) {
                break;
            }
            before = head;
            from++;
            atStart = false;
        }
        while (to > from && CONNECTORS.contains(texts.get(to - 1))) {
            to--;
        }
        if (from == to) {
            return;
        }
        List<String> words = texts.subList(from, to);
        String name = String.join(" ", words);
        String key = Gazetteers.key(name);
        String last = Gazetteers.key(words.get(words.size() - 1));
        String head = Gazetteers.key(words.get(0));
        boolean acronym = words.size() == 1 && name.length() >= 2 && name.length() <= 6 && name.equals(name.toUpperCase(Locale.ROOT))
                && name.chars().anyMatch(Character::isLetter);
        Entities.Type type;
        if (titled && !lists.organizations.contains(key) && !lists.locations.contains(key)) {
            type = Entities.Type.PERSON;
        } else if (lists.organizations.contains(key)) {
            type = Entities.Type.ORGANIZATION;
        } else if (lists.locations.contains(key)) {
            type = Entities.Type.LOCATION;
        } else if (words.size() > 1 && (Gazetteers.ORG_SUFFIXES.contains(last) || Gazetteers.ORG_HEADS.contains(head) && words.contains("of"))) {
            type = Entities.Type.ORGANIZATION;
        } else if (words.size() > 1 && Gazetteers.LOCATION_SUFFIXES.contains(last)) {
            type = Entities.Type.LOCATION;
        } else if (lists.firstNames.contains(head) && words.size() <= 3) {
            type = Entities.Type.PERSON;
        } else if (acronym) {
            if (Gazetteers.NON_ORG_ACRONYMS.contains(name)) {
                return;
            }
            type = Entities.Type.ORGANIZATION;
        } else if (words.size() == 1 && Gazetteers.GREETINGS.contains(before)) {
            type = Entities.Type.PERSON; // "Hi Fernando,"
        } else if (words.size() == 1 && !atStart && Gazetteers.PLACE_PREPOSITIONS.contains(before)) {
            type = Entities.Type.LOCATION; // "shipped to Rotterdam"
        } else if (words.size() >= 2 && words.size() <= 4 && words.stream().allMatch(RuleExtractor::looksLikeNamePart)
                && words.stream().noneMatch(w -> Gazetteers.TITLES.contains(Gazetteers.key(w)))) {
            type = Entities.Type.PERSON; // two to four capitalised words with no other cue are most often a person
        } else if (atStart && words.size() == 1) {
            found.add(new Found(name, null)); // only opens the sentence: an entity only if the text names it elsewhere
            return;
        } else if (lists.commonWords.contains(key) || name.length() < 2) {
            return;
        } else {
            type = Entities.Type.MISC;
        }
        found.add(new Found(name, type));
    }

    private static Entities merge(List<Found> found) {
        Map<String, Entities.Entity> merged = new LinkedHashMap<>();
        List<Found> openers = found.stream().filter(f -> f.type() == null).toList();
        for (Found f : found) {
            if (f.type() == null) {
                continue;
            }
            String key = f.type() + "|" + Gazetteers.key(f.text());
            merged.merge(key, new Entities.Entity(f.text(), f.type(), 1),
                    (a, b) -> new Entities.Entity(a.text(), a.type(), a.mentions() + 1));
        }
        countOpeners(merged, openers);
        mergeShortForms(merged);
        return new Entities(List.copyOf(merged.values()));
    }

    /** "Smith said ...": a sentence opener counts for the first entity it names (its text, or a part of a person's name). */
    private static void countOpeners(Map<String, Entities.Entity> merged, List<Found> openers) {
        List<String> keys = List.copyOf(merged.keySet());
        Map<String, Integer> firstNamed = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Entities.Entity e = merged.get(keys.get(i));
            firstNamed.putIfAbsent(fold(e.text()), i);
            if (e.type() == Entities.Type.PERSON) {
                for (String part : e.text().split(" ")) {
                    firstNamed.putIfAbsent(fold(part), i);
                }
            }
        }
        for (Found opener : openers) {
            Integer i = firstNamed.get(fold(opener.text()));
            if (i != null) {
                merged.computeIfPresent(keys.get(i), (k, e) -> new Entities.Entity(e.text(), e.type(), e.mentions() + 1));
            }
        }
    }

    /**
     * "Smith" after "Laura Smith", "Northwind" after "Northwind Energy": a one-word person, or
     * organisation-like entity whatever it was typed as, is a short form of the first full name
     * that starts with it (or, for a person, ends with it); its mentions move there.
     */
    private static void mergeShortForms(Map<String, Entities.Entity> merged) {
        List<Entities.Entity> people = merged.values().stream()
                .filter(e -> e.type() == Entities.Type.PERSON && e.text().contains(" ")).toList();
        List<Entities.Entity> organizations = merged.values().stream()
                .filter(e -> e.type() == Entities.Type.ORGANIZATION && e.text().contains(" ")).toList();
        Map<String, Integer> personByFirst = new HashMap<>();
        Map<String, Integer> personByLast = new HashMap<>();
        Map<String, Integer> organizationByFirst = new HashMap<>();
        for (int i = 0; i < people.size(); i++) {
            String[] parts = people.get(i).text().split(" ");
            personByFirst.putIfAbsent(fold(parts[0]), i);
            personByLast.putIfAbsent(fold(parts[parts.length - 1]), i);
        }
        for (int i = 0; i < organizations.size(); i++) {
            organizationByFirst.putIfAbsent(fold(organizations.get(i).text().split(" ")[0]), i);
        }
        for (Entities.Entity shortForm : List.copyOf(merged.values())) {
            boolean person = shortForm.type() == Entities.Type.PERSON;
            boolean orgLike = shortForm.type() == Entities.Type.ORGANIZATION || shortForm.type() == Entities.Type.MISC;
            if (shortForm.text().contains(" ") || !person && !orgLike) {
                continue;
            }
            String word = fold(shortForm.text());
            int i = person ? Math.min(personByFirst.getOrDefault(word, Integer.MAX_VALUE), personByLast.getOrDefault(word, Integer.MAX_VALUE))
                    : organizationByFirst.getOrDefault(word, Integer.MAX_VALUE);
            if (i == Integer.MAX_VALUE) {
                continue;
            }
            Entities.Entity full = (person ? people : organizations).get(i);
            String fullKey = full.type() + "|" + Gazetteers.key(full.text());
            Entities.Entity current = merged.get(fullKey);
            merged.put(fullKey, new Entities.Entity(current.text(), current.type(), current.mentions() + shortForm.mentions()));
            merged.remove(shortForm.type() + "|" + Gazetteers.key(shortForm.text()));
        }
    }

    /** Equal for two strings exactly when {@link String#equalsIgnoreCase} holds: each code point upper-, then lower-cased. */
    static String fold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return out.toString();
    }

    private static boolean looksLikeNamePart(String w) {
        return CONNECTORS.contains(w) || w.length() > 1 && Character.isUpperCase(w.charAt(0))
                && w.chars().skip(1).allMatch(c -> Character.isLowerCase(c) || c == '\'' || c == '-');
    }

    private static boolean isCapitalised(Token t, boolean[] taken) {
        if (anyTaken(taken, t.start(), t.end())) {
            return false;
        }
        String s = t.text();
        char c = s.charAt(0);
        if (Character.isUpperCase(c)) {
            return !s.equals("I") && !s.startsWith("I'") && !s.startsWith("I’");
        }
        // iPhone, eBay: a lower-case initial followed by a capital
        return Character.isLowerCase(c) && s.length() > 2 && Character.isUpperCase(s.charAt(1));
    }

    /** Two tokens belong to one name only if nothing but spaces stands between them. */
    private static boolean adjacent(String sentence, int sentenceStart, Token a, Token b) {
        String between = sentence.substring(a.end() - sentenceStart, b.start() - sentenceStart);
        return between.chars().allMatch(ch -> ch == ' ');
    }

    private static String clean(String token) {
        String t = token;
        if (t.endsWith("'s") || t.endsWith("’s")) {
            t = t.substring(0, t.length() - 2);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (Gazetteers.TITLES.contains(lower) || isInitials(lower)) {
            return t; // "Dr.", "U.S."
        }
        int end = t.length();
        while (end > 0 && ".-'&".indexOf(t.charAt(end - 1)) >= 0) {
            end--;
        }
        return t.substring(0, end);
    }

    /** Letters each followed by a period: {@code u.s.}, {@code j.}. */
    private static boolean isInitials(String lower) {
        if (lower.isEmpty() || lower.length() % 2 != 0) {
            return false;
        }
        for (int k = 0; k < lower.length(); k += 2) {
            char c = lower.charAt(k);
            if (c < 'a' || c > 'z' || lower.charAt(k + 1) != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean anyTaken(boolean[] taken, int from, int to) {
        for (int k = from; k < to && k < taken.length; k++) {
            if (taken[k]) {
                return true;
            }
        }
        return false;
    }
}
