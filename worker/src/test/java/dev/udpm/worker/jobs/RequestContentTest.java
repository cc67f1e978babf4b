package dev.udpm.worker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udpm.schemas.job.JobRequest;
import org.junit.jupiter.api.Test;

class RequestContentTest {

    private static final String BASE = Requests.generate("j1", "tiny", 4, 9, "\"classLabels\":[1]");

    @Test
    void submissionTimePriorityAndCallbackDoNotChangeTheContent() {
        JobRequest resent = Requests.parse(BASE.replace("2025-01-31T12:00:00Z", "2025-02-01T08:00:00Z")
                .replace("\"count\"", "\"priority\":5,\"callback\":{\"ticket\":\"42\"},\"count\""));
        assertTrue(RequestContent.same(Requests.parse(BASE), resent));
        assertEquals(RequestContent.sha256(Requests.parse(BASE)), RequestContent.sha256(resent));
    }

    @Test
    void anyOutputDecidingFieldChangesTheContent() {
        JobRequest base = Requests.parse(BASE);
        for (String changed : new String[] {
                BASE.replace("\"count\":4", "\"count\":5"),
                BASE.replace("\"seed\":9", "\"seed\":10"),
                BASE.replace("[1]", "[2]"),
                BASE.replace("{\"name\":\"tiny\"}", "{\"name\":\"tiny\",\"version\":\"seed-7\"}"),
                BASE.replace("\"count\"", "\"tenant\":\"acme\",\"count\"")}) {
            assertFalse(RequestContent.same(base, Requests.parse(changed)), "must differ: " + changed);
            assertNotEquals(RequestContent.sha256(base), RequestContent.sha256(Requests.parse(changed)));
        }
    }

    @Test
    void canonicalJsonKeepsTheTypeAndDropsTheIgnoredFields() {
        String canonical = RequestContent.canonicalJson(Requests.parse(BASE.replace("\"count\"",
                "\"priority\":5,\"count\"")));
        assertTrue(canonical.contains("\"type\":\"generate\""), canonical);
        assertFalse(canonical.contains("submittedAt"), canonical);
        assertFalse(canonical.contains("priority"), canonical);
        assertEquals(64, RequestContent.sha256(Requests.parse(BASE)).length());
    }
}
