package dev.udpm.deploy.kube;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every resource of {@code deploy/kubernetes/}: each {@code *.yaml} file but {@code kustomization.yaml}, in file
 * (= apply) order, every YAML document of a file in document order.
 */
public final class Manifests {

    /** The kustomize entry point, which lists the manifests but is not one. */
    public static final String KUSTOMIZATION = "kustomization.yaml";

    private final List<Manifest> all;
    private final List<Path> files;

    private Manifests(List<Path> files, List<Manifest> all) {
        this.files = List.copyOf(files);
        this.all = List.copyOf(all);
    }

    /** Parses every manifest file of {@code directory}. */
    public static Manifests load(Path directory) {
        List<Path> files = manifestFiles(directory);
        List<Manifest> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(parse(file));
        }
        return new Manifests(files, all);
    }

    /** The {@code *.yaml} files of {@code directory} but the kustomization, sorted by name. */
    public static List<Path> manifestFiles(Path directory) {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals(KUSTOMIZATION))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** The documents of one file (empty documents skipped); fails naming the file if one is not a mapping. */
    public static List<Manifest> parse(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Manifest> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : yaml.loadAll(reader)) {
                if (document == null) {
                    continue;
                }
                if (!(document instanceof Map<?, ?> map)) {
                    throw new AssertionError(file + ": a document is not a mapping: " + document);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                documents.add(Manifest.of(file, typed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return documents;
    }

    /** Every resource, in apply order. */
    public List<Manifest> all() {
        return all;
    }

    /** The manifest files, in apply order. */
    public List<Path> files() {
        return files;
    }

    /** The resources of one kind, in apply order. */
    public List<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    /** The resource of {@code kind} named {@code name}, if any. */
    public Optional<Manifest> find(String kind, String name) {
        return all.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    /** The resource of {@code kind} named {@code name}; fails naming both if absent. */
    public Manifest get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                "no " + kind + " named '" + name + "' in deploy/kubernetes/"));
    }

    /** The only resource of {@code kind}; fails if there is none or several. */
    public Manifest only(String kind) {
        List<Manifest> matches = ofKind(kind);
        if (matches.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + " in deploy/kubernetes/, found " + matches.size());
        }
        return matches.get(0);
    }
}
