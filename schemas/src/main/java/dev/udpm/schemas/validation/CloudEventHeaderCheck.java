package dev.udpm.schemas.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.udpm.schemas.CloudEvents;

/**
 * Checks the CloudEvents binary-mode headers of an incoming record ({@link CloudEvents}): every one that is
 * present must be well-formed; a missing one is allowed (plain Kafka clients such as kcat send none).
 * <ul>
 *   <li>each of {@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time},
 *       {@code content-type} at most once, with a value that is UTF-8</li>
 *   <li>{@code ce_specversion} = {@value CloudEvents#SPEC_VERSION}</li>
 *   <li>{@code ce_id}: 1 to {@value #MAX_ID} characters</li>
 *   <li>{@code ce_source}: a URI reference (RFC 3986) of 1 to {@value #MAX_SOURCE} characters</li>
 *   <li>{@code ce_type}: the type expected on the topic</li>
 *   <li>{@code ce_time}: an RFC 3339 date-time WITH a zone offset ({@code 2025-01-31T12:00:00Z})</li>
 *   <li>{@code content-type}: {@value CloudEvents#CONTENT_TYPE_JSON}, parameters allowed</li>
 * </ul>
 * Other {@code ce_*} headers are CloudEvents extensions and pass unchecked. Every violation has field {@code ""}
 * (a header is no field of the body), rule {@value #RULE} and a message naming the header.
 */
public final class CloudEventHeaderCheck {

    /** Rule of every header violation. */
    public static final String RULE = "header";
    /** Longest accepted {@code ce_id}. */
    public static final int MAX_ID = 256;
    /** Longest accepted {@code ce_source}. */
    public static final int MAX_SOURCE = 2048;

    private static final int QUOTED = 80;
    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final List<String> CHECKED = List.of(CloudEvents.HEADER_SPEC_VERSION, CloudEvents.HEADER_ID,
            CloudEvents.HEADER_SOURCE, CloudEvents.HEADER_TYPE, CloudEvents.HEADER_TIME, CloudEvents.HEADER_CONTENT_TYPE);

    /** One record header as read: its name and raw value ({@code null} allowed). */
    public record RawHeader(String name, byte[] value) {
    }

    private CloudEventHeaderCheck() {
    }

    /**
     * The violations of {@code headers}, in the order of {@link #CHECKED}; empty when every CloudEvents header
     * present is well-formed.
     *
     * @param expectedType the {@code ce_type} the topic carries, e.g. {@link CloudEvents#TYPE_JOB_REQUEST}
     */
    public static List<Violation> check(List<RawHeader> headers, String expectedType) {
        Map<String, List<byte[]>> byName = new LinkedHashMap<>();
        for (RawHeader header : headers) {
            if (CHECKED.contains(header.name())) {
                byName.computeIfAbsent(header.name(), n -> new ArrayList<>()).add(header.value());
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (String name : CHECKED) {
            List<byte[]> values = byName.get(name);
            if (values == null) {
                continue;
            }
            if (values.size() > 1) {
                violations.add(violation(name, "is given " + values.size() + " times; give it once"));
                continue;
            }
            String value = utf8(values.get(0));
            if (value == null) {
                violations.add(violation(name, values.get(0) == null ? "has no value" : "is not UTF-8 text"));
                continue;
            }
            String problem = problem(name, value, expectedType);
            if (problem != null) {
                violations.add(violation(name, "'" + quote(value) + "' " + problem));
            }
        }
        return violations;
    }

    private static String problem(String name, String value, String expectedType) {
        return switch (name) {
            case CloudEvents.HEADER_SPEC_VERSION -> CloudEvents.SPEC_VERSION.equals(value) ? null
                    : "is not the CloudEvents version " + CloudEvents.SPEC_VERSION;
            case CloudEvents.HEADER_ID -> value.isEmpty() || value.length() > MAX_ID
                    ? "must have 1 to " + MAX_ID + " characters" : null;
            case CloudEvents.HEADER_SOURCE -> sourceProblem(value);
            case CloudEvents.HEADER_TYPE -> expectedType.equals(value) ? null : "is not " + expectedType;
            case CloudEvents.HEADER_TIME -> isRfc3339(value) ? null
                    : "is not an RFC 3339 date-time with a zone offset, e.g. 2025-01-31T12:00:00Z";
            case CloudEvents.HEADER_CONTENT_TYPE -> value.toLowerCase(Locale.ROOT).strip()
                    .matches("application/json\\s*(;.*)?") ? null : "is not " + CloudEvents.CONTENT_TYPE_JSON;
            default -> null;
        };
    }

    private static String sourceProblem(String value) {
        if (value.isEmpty() || value.length() > MAX_SOURCE) {
            return "must have 1 to " + MAX_SOURCE + " characters";
        }
        try {
            new URI(value);
            return null;
        } catch (URISyntaxException e) {
            return "is not a URI reference (RFC 3986), e.g. /my-app/instance-1";
        }
    }

    private static boolean isRfc3339(String value) {
        if (!RFC_3339.matcher(value).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(value.toUpperCase(Locale.ROOT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String utf8(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String quote(String value) {
        return value.length() <= QUOTED ? value : value.substring(0, QUOTED) + "...";
    }

    private static Violation violation(String name, String what) {
        return new Violation("", RULE, "header " + name + ": " + what);
    }
}
