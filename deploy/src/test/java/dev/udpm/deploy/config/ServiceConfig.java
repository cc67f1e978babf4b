package dev.udpm.deploy.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The configuration a service module reads, from its sources: the keys of
 * {@code src/main/resources/application.properties} (profile prefixes such as {@code %test.} removed) and the keys
 * declared in Java ({@link ConfigMappingScanner}) by the module and the project modules it depends on at run time
 * (the worker reads {@code udpm.storage.*} through {@code udpm-storage}).
 */
public final class ServiceConfig {

    private static final Pattern PROFILE = Pattern.compile("^%[\\w,-]+\\.");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    private final String module;
    private final Properties properties;
    private final List<ConfigKey> keys;

    private ServiceConfig(String module, Properties properties, List<ConfigKey> keys) {
        this.module = module;
        this.properties = properties;
        this.keys = List.copyOf(keys);
    }

    /** The configuration of module directory {@code module} (e.g. {@code worker}) under repository {@code root}. */
    public static ServiceConfig of(Path root, String module) {
        Path moduleDir = root.resolve(module);
        Properties properties = new Properties();
        Path file = moduleDir.resolve("src/main/resources/application.properties");
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<ConfigKey> keys = new ArrayList<>();
        for (String name : properties.stringPropertyNames()) {
            String key = PROFILE.matcher(name).replaceFirst("");
            keys.add(new ConfigKey(key, Optional.of(properties.getProperty(name)), false,
                    module + "/src/main/resources/application.properties"));
        }
        for (String dependency : projectDependencies(moduleDir)) {
            keys.addAll(ConfigMappingScanner.scan(root.resolve(dependency).resolve("src/main/java")));
        }
        keys.addAll(ConfigMappingScanner.scan(moduleDir.resolve("src/main/java")));
        return new ServiceConfig(module, properties, keys);
    }

    /** The module directory name. */
    public String module() {
        return module;
    }

    /** Every key the service reads. */
    public List<ConfigKey> keys() {
        return keys;
    }

    /** The key that environment variable {@code env} sets, if the service reads one. */
    public Optional<ConfigKey> keyForEnv(String env) {
        return keys.stream().filter(k -> k.acceptsEnv(env)).findFirst();
    }

    /**
     * The production value of application.properties key {@code key} ({@code ${other}} and {@code ${other:default}}
     * references resolved against the same file), if the file sets it.
     */
    public Optional<String> property(String key) {
        String raw = properties.getProperty(key);
        return raw == null ? Optional.empty() : Optional.of(resolve(raw, key));
    }

    /** The production value of application.properties key {@code key} as written (references unresolved). */
    public Optional<String> rawProperty(String key) {
        return Optional.ofNullable(properties.getProperty(key));
    }

    /** The application.properties keys (production ones, without a profile prefix) that start with {@code prefix}. */
    public List<String> propertyNames(String prefix) {
        return properties.stringPropertyNames().stream().filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    /**
     * The default of a key declared in Java ({@code @WithDefault}) or application.properties (production value);
     * fails naming the key if the service has no default for it.
     */
    public String defaultOf(String key) {
        Optional<String> fromProperties = property(key);
        if (fromProperties.isPresent()) {
            return fromProperties.get();
        }
        return keys.stream().filter(k -> k.name().equals(key) && !k.isPrefix())
                .flatMap(k -> k.defaultValue().stream())
                .findFirst()
                .orElseThrow(() -> new AssertionError(module + " declares no default for " + key));
    }

    private String resolve(String raw, String key) {
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String referenced = properties.getProperty(m.group(1), m.group(2));
            if (referenced == null) {
                throw new AssertionError(module + " application.properties: " + key + " = " + raw + " refers to "
                        + m.group(1) + ", which has no value in the file (it would only be known at run time)");
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(resolve(referenced, m.group(1))));
        }
        m.appendTail(resolved);
        return resolved.toString();
    }

    /** The project modules ({@code dev.udpm:udpm-<dir>}) {@code moduleDir} depends on outside the test scope. */
    static List<String> projectDependencies(Path moduleDir) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            Document pom = factory.newDocumentBuilder().parse(moduleDir.resolve("pom.xml").toFile());
            NodeList dependencies = pom.getElementsByTagName("dependency");
            List<String> modules = new ArrayList<>();
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String group = child(dependency, "groupId");
                String artifact = child(dependency, "artifactId");
                String scope = child(dependency, "scope");
                if ("dev.udpm".equals(group) && artifact.startsWith("udpm-") && !"test".equals(scope)) {
                    String dir = artifact.substring("udpm-".length());
                    if (Files.isDirectory(moduleDir.resolveSibling(dir).resolve("src/main/java"))) {
                        modules.add(dir);
                    }
                }
            }
            return modules;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the dependencies of " + moduleDir.resolve("pom.xml"), e);
        }
    }

    private static String child(Element parent, String tag) {
        NodeList children = parent.getElementsByTagName(tag);
        return children.getLength() == 0 ? null : children.item(0).getTextContent().trim();
    }
}
