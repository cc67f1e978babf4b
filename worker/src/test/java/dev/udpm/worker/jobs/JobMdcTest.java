package dev.udpm.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class JobMdcTest {

    @Test
    void setsTheJobIdForTheBlockAndRestoresThePreviousValue() {
        assertNull(MDC.get(JobMdc.KEY));
        try (JobMdc outer = JobMdc.of("outer")) {
            assertEquals("outer", MDC.get(JobMdc.KEY));
            try (JobMdc inner = JobMdc.of("inner")) {
                assertEquals("inner", MDC.get(JobMdc.KEY));
            }
            assertEquals("outer", MDC.get(JobMdc.KEY), "nested blocks restore the outer job");
        }
        assertNull(MDC.get(JobMdc.KEY), "cleared after the block");
    }
}
