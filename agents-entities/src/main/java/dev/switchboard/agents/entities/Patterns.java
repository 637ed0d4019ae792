package dev.switchboard.agents.entities;

import java.util.List;
import java.util.regex.Pattern;

/** Regular expressions for the entity types that have a shape: money, percentages, dates. */
final class Patterns {
    private static final String MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December"
            + "|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Oct\\.|Nov\\.|Dec\\.)";
    private static final String MONTH_NOT_MAY = MONTH.replace("|May|", "|");
    private static final String DAY = "(?:[0-3]?\\d)(?:st|nd|rd|th)?";
    private static final String SCALE = "(?:\\s?(?:million|billion|trillion|thousand|mn|bn|[kKmMbB])\\b)?";

    record Typed(Entities.Type type, Pattern pattern) {
    }

    /**
     * Each pattern opens with a look at the one character its matches can start with (a digit, a
     * currency sign, the capital of a month, weekday or quarter): a search then costs one check
     * per character of text instead of a word-boundary test per alternative. It changes no match.
     */
    private static Pattern startingWith(String firstCharacters, String regex) {
        return Pattern.compile("(?=[" + firstCharacters + "])(?:" + regex + ")");
    }

    /** In order: earlier patterns claim their text first. */
    static final List<Typed> ALL = List.of(
            new Typed(Entities.Type.MONEY, startingWith("$€£¥UEG\\d",
                    "(?:[$€£¥]|US\\$|USD\\s?|EUR\\s?|GBP\\s?)\\d[\\d,]*(?:\\.\\d+)?" + SCALE
                            // a number followed by a currency word: it starts where a run of digits and commas starts, and
                            // the run is taken whole (possessively), so "1,1,1,..." is read once, not once per comma
                            + "|(?<![\\d,])\\b\\d[\\d,]*+(?:\\.\\d++)?(?:\\s?(?:million|billion|trillion))?\\s(?:dollars|euros|pounds|yen|USD|EUR|GBP)\\b")),
            new Typed(Entities.Type.PERCENT, startingWith("\\d", "\\b\\d+(?:[.,]\\d+)?\\s?(?:%|percent\\b|per cent\\b)")),
            new Typed(Entities.Type.DATE, startingWith("\\dJFMASONDTWQ",
                    "\\b" + DAY + "\\s" + MONTH + "(?:,?\\s(?:19|20)\\d\\d)?\\b"
                            + "|\\b" + MONTH + "\\s" + DAY + "(?:,\\s?(?:19|20)\\d\\d)?\\b"
                            + "|\\b" + MONTH + "\\s(?:19|20)\\d\\d\\b"
                            + "|\\b(?:19|20)\\d\\d-[01]\\d-[0-3]\\d\\b"
                            + "|\\b[0-3]?\\d/[01]?\\d/(?:19|20)?\\d\\d\\b"
                            + "|\\bQ[1-4]\\s(?:19|20)\\d\\d\\b"
                            + "|\\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b"
                            + "|\\b" + MONTH_NOT_MAY + "(?![\\p{L}])"
                            + "|(?<=\\b(?:in|since|by|until|during|from)\\s)(?:19|20)\\d\\d\\b")));

    private Patterns() {
    }
}
