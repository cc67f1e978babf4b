package dev.udpm.schemas.validation;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.udpm.schemas.MessageKind;

/**
 * Outcome of {@link ContractValidator#validate}: the violations (empty when valid) and, when valid, the
 * message bound to its record.
 *
 * @param kind       the message kind validated against
 * @param violations every violation found, sorted by field then rule; empty when valid
 * @param value      the bound record when valid, else {@code null}
 */
public record ValidationResult(MessageKind kind, List<Violation> violations, Object value) {

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    /** Whether the message meets its contract. */
    public boolean valid() {
        return violations.isEmpty();
    }

    /** The bound record, present when valid. */
    public Optional<Object> valueIfValid() {
        return Optional.ofNullable(value);
    }

    /** Whether some violation names {@code field} with rule {@code rule}. */
    public boolean has(String field, String rule) {
        return violations.stream().anyMatch(v -> v.field().equals(field) && v.rule().equals(rule));
    }

    /** The first violation, for a one-line error (e.g. a failed event's {@code field}). */
    public Optional<Violation> first() {
        return violations.stream().findFirst();
    }

    /** All violations, one per line, for logs and error replies. */
    public String describe() {
        return valid() ? kind + ": valid"
                : kind + ": " + violations.size() + " violation(s)\n  "
                        + violations.stream().map(Violation::toString).collect(Collectors.joining("\n  "));
    }
}
