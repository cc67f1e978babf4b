package dev.udpm.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelPublished;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code udpm models}: the latest published version of every model, from the compacted {@link Topics#MODELS}
 * topic; with {@code --api}, the versions loaded on the worker that answers {@code GET /v1/models}.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the latest published version (and canary) of each model (udpm.models).",
                "With --api: the versions loaded on a worker (GET /v1/models).",
                "Roll out: canary, promote, rollback (one announcement on udpm.models each).",
                "Store an exported folder so jobs can pin its version: upload."},
        subcommands = {ModelsCanaryCommand.class, ModelsPromoteCommand.class, ModelsRollbackCommand.class,
            ModelsUploadCommand.class})
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--api", paramLabel = "URL", arity = "1", preprocessor = ApiOption.class,
            description = "Ask a worker's REST API (GET /v1/models); bare --api means $UDPM_API_URL or "
                    + ConnectionOptions.DEFAULT_API_URL + ".")
    String apiUrl;

    @Option(names = "--json", description = "Print one JSON object per model.")
    boolean json;

    @Option(names = "--wait-for", paramLabel = "NAME", description = "With --api: wait until the worker has loaded a"
            + " version of model NAME (or answers at all) before listing; exit 4 after --timeout.")
    String waitFor;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT3M", converter = DurationConverter.class,
            description = "How long --wait-for waits, ISO-8601 or e.g. 90s (default 3m).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (waitFor != null && apiUrl == null) {
            throw new CliException(ExitCodes.INVALID_INPUT, "--wait-for asks a worker: add --api");
        }
        if (apiUrl != null) {
            ApiClient api = new ApiClient(apiUrl, connection.apiKey(), connection.connectTimeout());
            JsonNode list = waitFor == null ? loadedModels(api) : awaitModel(api, waitFor);
            if (list.isEmpty()) {
                out.println("no model loaded on " + api.base() + " (the worker loads the bundled model or the latest"
                        + " published version at start)");
            } else if (json) {
                list.forEach(m -> out.println(Json.write(m)));
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("NAME", "VERSION", "LATEST", "LOADED AT", "SIZE", "CLASSES", "SOURCE"));
                for (JsonNode m : list) {
                    rows.add(List.of(m.path("name").asText(), m.path("version").asText(), m.path("latest").asText(),
                            m.path("loadedAt").asText(), m.path("imageSize").asText() + "x" + m.path("imageSize").asText()
                                    + "x" + m.path("channels").asText(), m.path("numClasses").asText(),
                            m.path("source").asText()));
                }
                out.print(table(rows));
            }
            out.flush();
            return ExitCodes.OK;
        }
        Map<String, ModelPublished> latest = ModelsTopic.read(connection, spec.commandLine().getErr());
        if (latest.isEmpty()) {
            out.println("no model published on " + Topics.MODELS + " at " + connection.bootstrapServers()
                    + " (the trainer publishes versions; a worker may still serve its bundled model: udpm models --api)");
        } else if (json) {
            latest.values().forEach(m -> out.println(Json.write(m)));
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "VERSION", "CANARY", "CREATED", "LOCATION", "METRICS"));
            for (ModelPublished m : latest.values()) {
                String metrics = m.metrics() == null ? "" : m.metrics().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
                String canary = m.canaryVersion().map(c -> c.version() + " (" + c.percent() + "%)").orElse("-");
                rows.add(List.of(m.name(), m.version(), canary, String.valueOf(m.created()),
                        m.location().bucket() + "/" + m.location().prefix(), metrics));
            }
            out.print(table(rows));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static JsonNode loadedModels(ApiClient api) {
        JsonNode loaded = api.models();
        return loaded.isArray() ? loaded : loaded.path("models");
    }

    /** Polls {@code GET /v1/models} until a version of {@code name} is listed; a worker still starting is retried. */
    private JsonNode awaitModel(ApiClient api, String name) {
        PrintWriter err = spec.commandLine().getErr();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        boolean told = false;
        while (true) {
            try {
                JsonNode list = loadedModels(api);
                for (JsonNode m : list) {
                    if (name.equals(m.path("name").asText())) {
                        return list;
                    }
                }
                last = "loaded: " + (list.isEmpty() ? "none" : list.findValuesAsText("name"));
            } catch (CliException e) {
                if (e.exitCode() != ExitCodes.UNAVAILABLE) {
                    throw e;
                }
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.TIMEOUT, "no version of model " + name + " loaded on " + api.base()
                        + " within " + timeout + " (" + last + "); see the worker's log, or publish a model");
            }
            if (!told) {
                err.println("waiting for model " + name + " on " + api.base() + " (" + last + ") ...");
                err.flush();
                told = true;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.TIMEOUT, "interrupted while waiting for model " + name);
            }
        }
    }

    /** Left-aligned columns separated by two spaces. */
    static String table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row.get(c) : String.format("%-" + widths[c] + "s  ", row.get(c)));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
