package dev.udpm.cli;

import java.util.Map;
import java.util.Stack;

import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Lets {@code --api} be given with or without a URL: {@code --api http://host:8080}, {@code --api=URL}, or a bare
 * {@code --api} meaning {@code $UDPM_API_URL} (default {@value ConnectionOptions#DEFAULT_API_URL}). A bare
 * {@code --api} never swallows the next argument (e.g. a job id) unless it looks like a URL.
 */
public final class ApiOption implements IParameterPreprocessor {

    /** The URL a bare {@code --api} stands for. */
    public static String defaultUrl() {
        String env = System.getenv("UDPM_API_URL");
        return env == null || env.isBlank() ? ConnectionOptions.DEFAULT_API_URL : env;
    }

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
        boolean attached = !" ".equals(info.get("separator"));
        if (!attached && (args.isEmpty() || !args.peek().contains("://"))) {
            args.push(defaultUrl());
        }
        return false;
    }
}
