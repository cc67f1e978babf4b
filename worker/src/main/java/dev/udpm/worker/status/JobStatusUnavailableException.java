package dev.udpm.worker.status;

/** The job-status store cannot be queried now (Kafka Streams is starting, rebuilding the store, or stopped). */
public final class JobStatusUnavailableException extends RuntimeException {

    public JobStatusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
