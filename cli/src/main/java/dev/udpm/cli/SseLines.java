package dev.udpm.cli;

/**
 * Reads a {@code text/event-stream} line by line (the WHATWG Server-Sent Events rules the CLI needs): {@code id},
 * {@code event} and {@code data} fields (several {@code data} lines joined with a newline), comments (lines starting
 * with {@code :}) and unknown fields ignored, an event dispatched at the blank line that ends it. Not thread-safe.
 */
final class SseLines {

    /** One dispatched event; {@code id} and {@code event} may be null. */
    record Event(String id, String event, String data) {
    }

    private String id;
    private String event;
    private StringBuilder data;

    /** Takes one line (without its line terminator); returns the event a blank line completes, or null. */
    Event line(String line) {
        if (line.isEmpty()) {
            Event done = data == null ? null : new Event(id, event, data.toString());
            event = null;
            data = null;
            return done;
        }
        if (line.startsWith(":")) {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // retry and unknown fields: nothing to do
            }
        }
        return null;
    }

    /** The id of the last event seen (the value to send as {@code Last-Event-ID}), or null. */
    String lastId() {
        return id;
    }
}
