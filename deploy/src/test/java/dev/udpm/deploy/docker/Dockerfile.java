package dev.udpm.deploy.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read as its instructions (comments dropped, {@code \}-continued lines joined), enough to check
 * what an image is built from, what it copies and how it starts without a Docker engine.
 *
 * @param file the Dockerfile
 * @param instructions its instructions in order
 */
public record Dockerfile(Path file, List<Instruction> instructions) {

    /**
     * One instruction.
     *
     * @param keyword upper-case keyword ({@code FROM}, {@code COPY}, ...)
     * @param arguments the rest of the (joined) line
     * @param line the line it starts on, for messages
     */
    public record Instruction(String keyword, String arguments, int line) {
    }

    /**
     * A {@code COPY} instruction.
     *
     * @param from the {@code --from} stage or image, if any
     * @param sources the source paths (relative to the build context unless {@code from} is set)
     * @param destination the destination path in the image
     * @param line the line it starts on
     */
    public record Copy(Optional<String> from, List<String> sources, String destination, int line) {
    }

    /** Reads {@code file}. */
    public static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || (line.isEmpty() && pending == null)) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String text = pending.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
                        text.substring(space + 1).strip(), start));
                pending = null;
            }
        }
        return new Dockerfile(file, List.copyOf(instructions));
    }

    /** The instructions with {@code keyword}. */
    public List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The image of the last {@code FROM}: the base of the final image. */
    public String finalBase() {
        List<Instruction> froms = all("FROM");
        if (froms.isEmpty()) {
            throw new AssertionError(file + " has no FROM");
        }
        return froms.get(froms.size() - 1).arguments().split("\\s+")[0];
    }

    /** The instructions of the final stage (after the last {@code FROM}). */
    public List<Instruction> finalStage() {
        int last = instructions.lastIndexOf(all("FROM").get(all("FROM").size() - 1));
        return instructions.subList(last + 1, instructions.size());
    }

    /** The {@code COPY} instructions of the final stage. */
    public List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        for (Instruction copy : finalStage()) {
            if (!copy.keyword().equals("COPY")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(copy.arguments().split("\\s+")));
            Optional<String> from = Optional.empty();
            while (!words.isEmpty() && words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = Optional.of(flag.substring("--from=".length()));
                }
            }
            if (words.size() < 2) {
                throw new AssertionError(file + ":" + copy.line() + ": COPY needs a source and a destination");
            }
            copies.add(new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1),
                    copy.line()));
        }
        return copies;
    }

    /** The {@code ARG name=default} declarations, in order. */
    public Map<String, String> argDefaults() {
        Map<String, String> args = new LinkedHashMap<>();
        for (Instruction arg : all("ARG")) {
            String[] parts = arg.arguments().split("=", 2);
            args.put(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
        }
        return args;
    }

    /** The value of {@code ENV name="value"} (or {@code name=value}) in the final stage; fails if absent. */
    public String env(String name) {
        for (Instruction env : finalStage()) {
            if (env.keyword().equals("ENV") && env.arguments().startsWith(name + "=")) {
                String value = env.arguments().substring(name.length() + 1).strip();
                return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        throw new AssertionError(file + ": no ENV " + name + " in the final stage");
    }

    /** The argument of the single instruction {@code keyword} of the final stage; fails if not exactly one. */
    public String single(String keyword) {
        List<Instruction> matches = finalStage().stream().filter(i -> i.keyword().equals(keyword)).toList();
        if (matches.size() != 1) {
            throw new AssertionError(file + ": expected one " + keyword + " in the final stage, found " + matches.size());
        }
        return matches.get(0).arguments();
    }

    /** Every {@code RUN} command of the final stage joined, for "does the image do X" checks. */
    public String runCommands() {
        return String.join("\n", finalStage().stream().filter(i -> i.keyword().equals("RUN"))
                .map(Instruction::arguments).toList());
    }
}
