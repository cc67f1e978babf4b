package dev.udpm.worker.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Test wiring: the worker's spans go to an {@link InMemorySpanExporter} (Quarkus' OpenTelemetry extension exports
 * to every {@code SpanExporter} bean, through its batch span processor). Only a test that enables the SDK records
 * any.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
