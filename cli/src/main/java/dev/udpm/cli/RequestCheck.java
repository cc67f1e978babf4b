package dev.udpm.cli;

import java.util.HashMap;
import java.util.Map;

import dev.udpm.schemas.MessageKind;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import dev.udpm.schemas.validation.Violation;

/**
 * Validates a job request locally with the contract validator before anything is sent, and reports each
 * violation with the command-line flag that set the field (when there is one) and the field's JSON pointer.
 */
public final class RequestCheck {

    private RequestCheck() {
    }

    /**
     * @param flags JSON pointer to flag, e.g. {@code /count -> --count}; fields below a mapped pointer
     *              ({@code /classLabels/3}) use its flag
     * @return the request bound to its record
     * @throws CliException {@link ExitCodes#INVALID_INPUT} listing every violation, one per line
     */
    public static JobRequest validate(String json, Map<String, String> flags) {
        ValidationResult result = ContractValidator.shared().validate(MessageKind.JOB_REQUEST, json);
        if (result.valid()) {
            return (JobRequest) result.value();
        }
        StringBuilder message = new StringBuilder("invalid job request, nothing was sent (")
                .append(result.violations().size()).append(" problem").append(result.violations().size() == 1 ? "" : "s")
                .append("):");
        for (Violation v : result.violations()) {
            message.append("\n  ").append(describe(v, flags));
        }
        throw new CliException(ExitCodes.INVALID_INPUT, message.toString());
    }

    /** {@code --count (/count, minimum): must have a minimum value of 1}. */
    static String describe(Violation v, Map<String, String> flags) {
        String field = v.field();
        String where = field.isEmpty() ? "(request)" : field;
        String flag = flagFor(field, flags);
        String text = v.message();
        String prefix = (field.isEmpty() ? "message" : field) + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        return (flag == null ? where + " (" + v.rule() + ")" : flag + " (" + where + ", " + v.rule() + ")") + ": " + text;
    }

    /** The flag of {@code field} or of its nearest mapped parent, or {@code null}. */
    static String flagFor(String field, Map<String, String> flags) {
        String best = null;
        int bestLength = -1;
        for (Map.Entry<String, String> e : flags.entrySet()) {
            String key = e.getKey();
            if ((field.equals(key) || field.startsWith(key + "/")) && key.length() > bestLength) {
                best = e.getValue();
                bestLength = key.length();
            }
        }
        return best;
    }

    /** {@link JobOptions#FLAGS} plus a job type's own flags. */
    public static Map<String, String> withCommon(Map<String, String> typeFlags) {
        Map<String, String> all = new HashMap<>(JobOptions.FLAGS);
        all.putAll(typeFlags);
        return all;
    }
}
