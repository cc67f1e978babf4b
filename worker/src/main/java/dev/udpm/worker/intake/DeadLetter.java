package dev.udpm.worker.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.udpm.schemas.ObjectKeys;
import dev.udpm.storage.Sha256;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The dead letter of one invalid {@code udpm.jobs} record, bounded so that it can always be written: at most
 * {@code maxBytes} (key, value and headers), whatever the record was (up to the broker's limit itself).
 * <ul>
 *   <li>reason headers ({@link DeadLetterHeaders}, bounded)</li>
 *   <li>the record's own headers, each name cut to {@value #MAX_HEADER_NAME} characters and value to
 *       {@value #MAX_HEADER_VALUE} bytes, as many as fit in {@value #MAX_ORIGINAL_HEADERS} bytes; when any was cut or
 *       left out, {@value #HEADERS_CUT} says how many of how many</li>
 *   <li>the original key when it has at most {@value #MAX_KEY} UTF-8 bytes, else its first {@value #MAX_KEY}
 *       characters, the whole key kept in the object store ({@value #KEY_OBJECT})</li>
 *   <li>the original value when everything fits in {@code maxBytes}, else an empty value, the original kept in the
 *       object store: {@value #VALUE_OBJECT} (object key {@link ObjectKeys#deadLetterPartKey}), {@value #VALUE_BYTES},
 *       {@value #VALUE_SHA256}</li>
 * </ul>
 *
 * @param key the dead letter's key ({@code null} when the record had none)
 * @param value the dead letter's value ({@code null} for a tombstone)
 * @param headers every header of the dead letter
 * @param keptKey the key bytes to store under {@link #keyObject}, or {@code null}
 * @param keyObject object key of the kept key, or {@code null}
 * @param keptValue the value bytes to store under {@link #valueObject}, or {@code null}
 * @param valueObject object key of the kept value, or {@code null}
 */
public record DeadLetter(String key, byte[] value, List<RecordHeader> headers, byte[] keptKey, String keyObject,
        byte[] keptValue, String valueObject) {

    /** Header: object key of the value kept in the object store. */
    public static final String VALUE_OBJECT = "udpm-dlq-value-object";
    /** Header: size in bytes of the kept value. */
    public static final String VALUE_BYTES = "udpm-dlq-value-bytes";
    /** Header: SHA-256 (hex) of the kept value. */
    public static final String VALUE_SHA256 = "udpm-dlq-value-sha256";
    /** Header: object key of the whole key kept in the object store. */
    public static final String KEY_OBJECT = "udpm-dlq-key-object";
    /** Header: {@code "<cut or left out> of <all>"} original headers, present only when some were. */
    public static final String HEADERS_CUT = "udpm-dlq-headers-cut";

    /** Longest key carried as is, in UTF-8 bytes. */
    public static final int MAX_KEY = 1024;
    /** Longest original header name carried. */
    public static final int MAX_HEADER_NAME = 256;
    /** Longest original header value carried, in bytes. */
    public static final int MAX_HEADER_VALUE = 1024;
    /** Room for the original headers. */
    public static final int MAX_ORIGINAL_HEADERS = 16 * 1024;
    /** What Kafka adds per record and per header beyond their bytes (varints, attributes; generous). */
    private static final int RECORD_OVERHEAD = 512;
    private static final int HEADER_OVERHEAD = 16;

    /**
     * The dead letter of the record at {@code topic}/{@code partition}/{@code offset}.
     *
     * @param original the record's own headers
     * @param maxBytes the most the dead letter may take (below the broker's and producer's record limits)
     */
    public static DeadLetter of(Triage invalid, String topic, int partition, long offset, String key, byte[] value,
            Iterable<Header> original, int maxBytes) {
        List<RecordHeader> headers = new ArrayList<>(DeadLetterHeaders.of(invalid, topic, partition, offset));
        copyBounded(original, headers);

        String letterKey = key;
        byte[] keptKey = null;
        String keyObject = null;
        if (key != null && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY) {
            keptKey = key.getBytes(StandardCharsets.UTF_8);
            keyObject = ObjectKeys.deadLetterPartKey(topic, partition, offset, "key");
            letterKey = DeadLetterHeaders.cut(key, MAX_KEY / 4);
            headers.add(DeadLetterHeaders.header(KEY_OBJECT, keyObject));
        }
        int size = RECORD_OVERHEAD + (letterKey == null ? 0 : letterKey.getBytes(StandardCharsets.UTF_8).length);
        for (RecordHeader header : headers) {
            size += headerSize(header);
        }
        if (value == null || size + value.length <= maxBytes) {
            return new DeadLetter(letterKey, value, List.copyOf(headers), keptKey, keyObject, null, null);
        }
        String valueObject = ObjectKeys.deadLetterPartKey(topic, partition, offset, "value");
        headers.add(DeadLetterHeaders.header(VALUE_OBJECT, valueObject));
        headers.add(DeadLetterHeaders.header(VALUE_BYTES, Integer.toString(value.length)));
        headers.add(DeadLetterHeaders.header(VALUE_SHA256, Sha256.hex(value)));
        return new DeadLetter(letterKey, new byte[0], List.copyOf(headers), keptKey, keyObject, value, valueObject);
    }

    private static void copyBounded(Iterable<Header> original, List<RecordHeader> into) {
        int all = 0;
        int cut = 0;
        int room = MAX_ORIGINAL_HEADERS;
        for (Header header : original) {
            all++;
            String name = header.key() == null ? "" : header.key();
            byte[] value = header.value();
            boolean whole = name.length() <= MAX_HEADER_NAME && (value == null || value.length <= MAX_HEADER_VALUE);
            String keptName = DeadLetterHeaders.cut(name, MAX_HEADER_NAME);
            byte[] keptValue = value == null || value.length <= MAX_HEADER_VALUE ? value
                    : Arrays.copyOf(value, MAX_HEADER_VALUE);
            RecordHeader copy = new RecordHeader(keptName, keptValue);
            int size = headerSize(copy);
            if (size > room) {
                cut++;
                continue;
            }
            room -= size;
            into.add(copy);
            if (!whole) {
                cut++;
            }
        }
        if (cut > 0) {
            into.add(DeadLetterHeaders.header(HEADERS_CUT, cut + " of " + all));
        }
    }

    private static int headerSize(Header header) {
        return HEADER_OVERHEAD + header.key().getBytes(StandardCharsets.UTF_8).length
                + (header.value() == null ? 0 : header.value().length);
    }
}
