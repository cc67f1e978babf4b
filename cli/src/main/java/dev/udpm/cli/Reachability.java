package dev.udpm.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick TCP probe made before talking to Kafka, S3 or the REST API, so that "nothing is listening" is
 * reported within the connect timeout with the address and what to start, instead of a client library
 * retrying for a minute.
 */
public final class Reachability {

    /** What to tell the user when the local fleet's services are not there. */
    public static final String START_HINT = "start the local fleet with ./local-fleet start";

    private Reachability() {
    }

    /**
     * Whether some process accepts TCP connections at {@code host:port} within {@code timeout}.
     */
    public static boolean listening(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Requires at least one of the Kafka bootstrap addresses ({@code host:port[,host:port...]}) to accept
     * connections.
     *
     * @throws CliException {@link ExitCodes#UNAVAILABLE} naming every address tried, the option and what to start
     * @throws CliException {@link ExitCodes#INVALID_INPUT} if an address is not {@code host:port}
     */
    public static void requireKafka(String bootstrapServers, Duration timeout) {
        List<String> tried = new ArrayList<>();
        for (String address : bootstrapServers.split(",")) {
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            int port = colon < 1 ? -1 : parsePort(a.substring(colon + 1));
            if (port < 0) {
                throw new CliException(ExitCodes.INVALID_INPUT, "--bootstrap-servers: '" + a
                        + "' is not host:port (e.g. 127.0.0.1:9092)");
            }
            if (listening(a.substring(0, colon), port, timeout)) {
                return;
            }
            tried.add(a);
        }
        throw new CliException(ExitCodes.UNAVAILABLE, "Kafka is not reachable: nothing is listening on "
                + String.join(", ", tried) + " (waited " + seconds(timeout) + "). " + capitalize(START_HINT)
                + ", or point the CLI at a broker with --bootstrap-servers HOST:PORT or UDPM_BOOTSTRAP_SERVERS.");
    }

    /**
     * Requires the host and port of an http(s) URL to accept connections.
     *
     * @param what   the service, e.g. {@code "S3"}, used in the message
     * @param option the flag and environment variable that set the URL, used in the message
     */
    public static void requireHttp(String what, String url, Duration timeout, String option) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.INVALID_INPUT, option + ": '" + url + "' is not a URL");
        }
        if (uri.getHost() == null || (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))) {
            throw new CliException(ExitCodes.INVALID_INPUT, option + ": '" + url
                    + "' is not an http(s) URL (e.g. http://127.0.0.1:9000)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        if (!listening(uri.getHost(), port, timeout)) {
            throw new CliException(ExitCodes.UNAVAILABLE, what + " is not reachable: nothing is listening on "
                    + uri.getHost() + ":" + port + " (" + url + ", waited " + seconds(timeout) + "). "
                    + capitalize(START_HINT) + ", or set " + option + ".");
        }
    }

    private static int parsePort(String s) {
        try {
            int port = Integer.parseInt(s);
            return port > 0 && port < 65536 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
