package dev.udpm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import dev.udpm.webhooks.delivery.DestinationGuard;
import org.junit.jupiter.api.Test;

/** The SSRF guard, one class alone: names resolve through a fixed table here, addresses are real literals. */
class DestinationGuardTest {

    private static final Map<String, String> DNS = Map.ofEntries(
            Map.entry("hooks.example.com", "93.184.216.34"),
            Map.entry("metadata.internal", "169.254.169.254"),
            Map.entry("rebind.example.com", "10.0.0.7"),
            Map.entry("mapped.example.com", "::ffff:127.0.0.1"),
            Map.entry("ula.example.com", "fd00:ec2::254"),
            Map.entry("cgnat.example.com", "100.100.100.200"),
            Map.entry("receiver.internal", "10.1.2.3"),
            Map.entry("partner.example.com", "203.0.113.99"),
            Map.entry("blocked.example.com", "93.184.216.35"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null) {
            if (host.matches("[0-9a-fA-F:.]+")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private static DestinationGuard guard(List<String> allow, List<String> deny, boolean plainHttp) {
        return new DestinationGuard(allow, deny, plainHttp, DestinationGuardTest::resolve);
    }

    private static String refusal(DestinationGuard guard, String url) {
        return assertThrows(DestinationGuard.Refused.class, () -> guard.check(url), url).getMessage();
    }

    @Test
    void publicHttpsPasses() throws Exception {
        assertEquals("hooks.example.com", guard(List.of(), List.of(), false)
                .check("https://hooks.example.com/udpm?token=x").getHost());
    }

    @Test
    void internalAddressesAreRefused() {
        DestinationGuard guard = guard(List.of(), List.of(), false);
        for (String url : List.of("https://127.0.0.1/x", "https://localhost.invalid/x", "https://metadata.internal/",
                "https://169.254.169.254/latest/meta-data/", "https://rebind.example.com/", "https://[::1]/",
                "https://mapped.example.com/", "https://ula.example.com/", "https://cgnat.example.com/",
                "https://0.0.0.0/", "https://192.168.1.1/", "https://172.20.0.1/", "https://[fe80::1]/",
                "https://224.0.0.1/")) {
            String why = refusal(guard, url);
            assertTrue(why.contains("internal address") || why.contains("does not resolve"), url + ": " + why);
        }
    }

    @Test
    void onlyHttpsUnlessPlainHttpIsAllowedAndNoUserInfo() throws Exception {
        assertTrue(refusal(guard(List.of(), List.of(), false), "http://hooks.example.com/").contains("https only"));
        assertEquals("http", guard(List.of(), List.of(), true).check("http://hooks.example.com/").getScheme());
        assertTrue(refusal(guard(List.of(), List.of(), true), "ftp://hooks.example.com/").contains("scheme"));
        assertTrue(refusal(guard(List.of(), List.of(), false), "https://u:p@hooks.example.com/").contains("user info"));
    }

    @Test
    void theAllowListOpensNamedHostsAndRangesAndTheDenyListClosesAnything() throws Exception {
        DestinationGuard guard = guard(List.of("receiver.internal", "127.0.0.1/32"),
                List.of("blocked.example.com", "203.0.113.0/24"), false);
        guard.check("https://receiver.internal/hook");
        guard.check("https://127.0.0.1:8443/hook");
        refusal(guard, "https://127.0.0.2/hook"); // outside the /32
        refusal(guard, "https://rebind.example.com/"); // 10.0.0.7: not named
        assertTrue(refusal(guard, "https://blocked.example.com/").contains("deny-list"));
        assertTrue(refusal(guard, "https://partner.example.com/").contains("deny-list"), "denied range");
    }

    @Test
    void aBadListEntryIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> guard(List.of("10.0.0.0/33"), List.of(), false));
    }
}
