package dev.udpm.cli;

import java.util.Map;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The mixin of every command that submits a job ({@code submit}, its per-type sub-commands, {@code replay}): the
 * connection and submit options, and the {@link JobSubmission} they configure, printing to the command's out and err.
 */
public final class Submitter {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SubmitOptions options;

    /** Submits {@code json} as {@link JobSubmission#submit} does; {@code flags} maps JSON pointers to flags. */
    int submit(String json, Map<String, String> flags) {
        return new JobSubmission(connection, options, spec.commandLine().getOut(), spec.commandLine().getErr())
                .submit(json, flags);
    }
}
