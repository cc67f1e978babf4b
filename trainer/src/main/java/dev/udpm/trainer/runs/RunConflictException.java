package dev.udpm.trainer.runs;

/** The request conflicts with the runs as they are (a run is active already, the run has ended, the id is taken). */
public final class RunConflictException extends RuntimeException {

    public RunConflictException(String message) {
        super(message);
    }
}
