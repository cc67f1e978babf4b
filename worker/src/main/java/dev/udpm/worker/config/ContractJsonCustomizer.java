package dev.udpm.worker.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.udpm.schemas.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives Quarkus's ObjectMapper (REST bodies) the fleet's wire settings: ISO dates, absent nulls ({@link Json}). */
@Singleton
public class ContractJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
