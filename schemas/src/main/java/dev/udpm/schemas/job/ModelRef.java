package dev.udpm.schemas.job;

/**
 * The model a job asks for.
 *
 * @param name    model name
 * @param version a pinned version, or {@code null} for the latest published one
 */
public record ModelRef(String name, String version) {

    /** The latest version of model {@code name}. */
    public static ModelRef latest(String name) {
        return new ModelRef(name, null);
    }

    /** Whether the job pins a version. */
    public boolean pinned() {
        return version != null;
    }
}
