package dev.udpm.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code udpm webhooks}: the webhook delivery service's commands (see docs/webhooks.md). */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Webhook deliveries: replay the dead letters of udpm.webhooks.dead.",
        subcommands = WebhooksReplayCommand.class)
public final class WebhooksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a command: replay");
    }
}
