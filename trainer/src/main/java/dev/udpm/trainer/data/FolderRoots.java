package dev.udpm.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The folders a REST client may train on ({@code udpm.trainer.folder-roots}): a requested path is resolved against
 * them and must end, symbolic links resolved, inside one of them. Nothing outside the roots is ever opened, and the
 * answer does not tell a missing folder from a forbidden one.
 */
public final class FolderRoots {

    private final List<Path> roots;

    /** @param roots the allowed folders; none = every folder request is refused */
    public FolderRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Whether any root is configured. */
    public boolean any() {
        return !roots.isEmpty();
    }

    /**
     * The real folder a client's {@code requested} path names: a relative path is tried against each root in turn,
     * an absolute one must lie under a root; either way the real path (links resolved) must be a directory inside
     * the real root.
     *
     * @return the folder, or empty if {@code requested} names no directory inside a root
     */
    public Optional<Path> resolve(String requested) {
        if (requested == null || requested.isBlank() || requested.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(requested);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        for (Path root : roots) {
            Optional<Path> real = realPath(root);
            if (real.isEmpty()) {
                continue;
            }
            Path candidate = path.isAbsolute() ? path : root.resolve(path);
            Optional<Path> resolved = realPath(candidate);
            if (resolved.isPresent() && resolved.get().startsWith(real.get()) && Files.isDirectory(resolved.get())) {
                return resolved;
            }
        }
        return Optional.empty();
    }

    /** The configured roots that are not existing folders (for a start-up warning). */
    public List<Path> missing() {
        List<Path> missing = new ArrayList<>();
        for (Path root : roots) {
            if (realPath(root).filter(Files::isDirectory).isEmpty()) {
                missing.add(root);
            }
        }
        return missing;
    }

    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
