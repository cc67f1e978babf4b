package dev.udpm.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --apps ...,webhooks} starts the webhook delivery service from its fast-jar on its own port. */
class FleetOptionsWebhooksTest {

    private static FleetOptions parse(String... args) {
        FleetOptions options = new FleetOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            FleetOptions mixin = options;
        }).parseArgs(args);
        return options;
    }

    @Test
    void webhooksIsAnAppOnItsOwnPortAndItsArgumentsGoToTheLauncher() {
        FleetOptions options = parse("--apps", "worker,webhooks", "--webhooks-port", "18082", "--home", "/repo");
        List<AppSpec> apps = options.config().apps();
        assertEquals(List.of("worker", "webhooks"), apps.stream().map(AppSpec::name).toList());
        AppSpec webhooks = apps.get(1);
        assertEquals(18082, webhooks.httpPort());
        assertEquals(Path.of("/repo/webhooks/target/quarkus-app/quarkus-run.jar"), webhooks.jar());
        String args = String.join(" ", options.toArgs());
        assertTrue(args.contains("--webhooks-port 18082") && args.contains("--apps worker,webhooks"), args);
        assertEquals(8082, parse("--apps", "webhooks").config().apps().get(0).httpPort(), "default port");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> parse("--apps", "hooks").config());
        assertTrue(unknown.getMessage().contains("webhooks"), unknown.getMessage());
    }
}
