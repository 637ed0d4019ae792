package dev.switchboard.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The build's pom files read as data, for tests that hold the build to what it says. */
final class PomFiles {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private PomFiles() {
    }

    static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** The texts of every element at {@code path}: slash-separated tag names under the root, each step any number of times. */
    static List<String> texts(Document pom, String path) {
        List<Element> level = List.of(pom.getDocumentElement());
        for (String step : path.split("/")) {
            List<Element> next = new ArrayList<>();
            for (Element element : level) {
                NodeList children = element.getChildNodes();
                for (int i = 0; i < children.getLength(); i++) {
                    if (children.item(i) instanceof Element e && e.getTagName().equals(step)) {
                        next.add(e);
                    }
                }
            }
            level = next;
        }
        return level.stream().map(e -> e.getTextContent().trim()).toList();
    }

    /** The text of the one element at {@code path}, e.g. {@code "version"} or {@code "parent/version"}. */
    static String text(Document pom, String path) {
        List<String> texts = texts(pom, path);
        return texts.isEmpty() ? null : texts.get(0);
    }
}
