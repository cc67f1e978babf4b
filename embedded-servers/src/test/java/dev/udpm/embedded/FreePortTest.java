package dev.udpm.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Ports picked together are different (a broker once got the same port for its client and controller listeners from
 * two separate picks and failed to start), and every one of them can be bound afterwards.
 */
class FreePortTest {

    @Test
    void portsPickedTogetherAreDistinctAndFree() throws Exception {
        for (int round = 0; round < 200; round++) {
            int[] ports = FreePort.next(3);
            assertEquals(3, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
            assertTrue(Arrays.stream(ports).allMatch(p -> p > 0), Arrays.toString(ports));
        }
        int[] ports = FreePort.next(2);
        try (ServerSocket a = new ServerSocket(); ServerSocket b = new ServerSocket()) {
            a.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[0]));
            b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[1]));
        }
    }
}
