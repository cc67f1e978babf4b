package dev.udpm.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP exchanges on a raw socket, for requests an HTTP client will not send (a length with no body). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, no body) on a raw socket and returns the whole answer. */
    public static String exchange(URL base, String head) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Announces a 20 MB JSON body on {@code POST path} with {@code header} (e.g. the credentials) and sends none;
     * asserts the answer is a 413 problem document of {@code problemMediaType}.
     *
     * @throws AssertionError with the whole answer if not
     */
    public static void assertOversizedPostIsAProblem(URL base, String path, String header, String problemMediaType)
            throws IOException {
        String answer = exchange(base, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + header
                + "\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n");
        if (!answer.startsWith("HTTP/1.1 413")
                || !answer.toLowerCase(Locale.ROOT).contains("content-type: " + problemMediaType)
                || !answer.contains("\"status\":413")) {
            throw new AssertionError("not a 413 problem document of " + problemMediaType + ": " + answer);
        }
    }
}
