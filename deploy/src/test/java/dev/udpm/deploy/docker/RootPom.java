package dev.udpm.deploy.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Properties of the root pom.xml, where every version lives, including those of its profiles. */
final class RootPom {

    private final Document pom;

    private RootPom(Document pom) {
        this.pom = pom;
    }

    static RootPom read(Path root) {
        try {
            return new RootPom(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(root.resolve("pom.xml").toFile()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + root.resolve("pom.xml"), e);
        }
    }

    /** A property of the project's own {@code <properties>}. */
    String property(String name) {
        Element project = pom.getDocumentElement();
        for (Element properties : children(project, "properties")) {
            NodeList values = properties.getElementsByTagName(name);
            if (values.getLength() > 0) {
                return values.item(0).getTextContent().trim();
            }
        }
        throw new AssertionError("root pom.xml has no property " + name);
    }

    /** A property set by profile {@code profileId}. */
    String profileProperty(String profileId, String name) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (profileId.equals(children(profile, "id").get(0).getTextContent().trim())) {
                NodeList values = profile.getElementsByTagName(name);
                if (values.getLength() > 0) {
                    return values.item(0).getTextContent().trim();
                }
            }
        }
        throw new AssertionError("root pom.xml has no profile " + profileId + " setting " + name);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                found.add(e);
            }
        }
        return found;
    }
}
