package dev.udpm.webhooks.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF guard: a webhook URL is called only if it is absolute {@code https} (plain {@code http} where allowed),
 * has no user info, and its host resolves only to public addresses, or to addresses / a host name that the
 * allow-list names. Loopback, link-local (which holds the cloud metadata address 169.254.169.254), private,
 * carrier-grade NAT, unique-local, multicast and reserved ranges are refused; the deny-list is refused always.
 *
 * <p>The check resolves the name once, and the HTTP client resolves it again when it connects: a name whose
 * answer changes between the two (DNS rebinding) is not caught here. The Kubernetes NetworkPolicy of the service
 * (egress to the internet, not to the cluster's ranges) is the second line for that.
 */
public final class DestinationGuard {

    /** Ranges no webhook reaches unless allow-listed (an IPv4-mapped IPv6 address is checked as its IPv4 address). */
    static final List<AddressRange> INTERNAL = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32", "fc00::/7",
            "fe80::/10", "ff00::/8").stream().map(AddressRange::parse).toList();

    /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<AddressRange> allowRanges = new ArrayList<>();
    private final List<String> allowHosts = new ArrayList<>();
    private final List<AddressRange> denyRanges = new ArrayList<>();
    private final List<String> denyHosts = new ArrayList<>();
    private final boolean allowPlainHttp;
    private final Resolver resolver;

    /**
     * @param allow          host names or CIDR ranges allowed although internal
     * @param deny           host names or CIDR ranges always refused
     * @param allowPlainHttp whether {@code http://} is called
     * @param resolver       how names are resolved
     */
    public DestinationGuard(List<String> allow, List<String> deny, boolean allowPlainHttp, Resolver resolver) {
        split(allow, allowRanges, allowHosts);
        split(deny, denyRanges, denyHosts);
        this.allowPlainHttp = allowPlainHttp;
        this.resolver = resolver;
    }

    private static void split(List<String> entries, List<AddressRange> ranges, List<String> hosts) {
        for (String entry : entries) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            if (e.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?") && (e.contains(":") || e.matches("[0-9./]+"))) {
                ranges.add(AddressRange.parse(e));
            } else {
                hosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Why a destination is refused; the message names the URL's host, never its path or query. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Checks {@code url} and returns it as a URI.
     *
     * @throws Refused if it must not be called
     */
    public URI check(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw new Refused("scheme '" + scheme + "' refused: https only" + (allowPlainHttp ? " or http" : ""));
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null || uri.getRawFragment() != null) {
            throw new Refused("URL must have a host and no user info or fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (denyHosts.contains(bare)) {
            throw new Refused("host " + bare + " is on the deny-list");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new Refused("host " + bare + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused("host " + bare + " does not resolve");
        }
        boolean hostAllowed = allowHosts.contains(bare);
        for (InetAddress address : addresses) {
            InetAddress a = unmapped(address);
            if (denyRanges.stream().anyMatch(r -> r.contains(a))) {
                throw new Refused("host " + bare + " resolves to " + a.getHostAddress() + ", on the deny-list");
            }
            boolean internal = a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress()
                    || a.isSiteLocalAddress() || a.isMulticastAddress()
                    || INTERNAL.stream().anyMatch(r -> r.contains(a));
            if (internal && !hostAllowed && allowRanges.stream().noneMatch(r -> r.contains(a))) {
                throw new Refused("host " + bare + " resolves to internal address " + a.getHostAddress()
                        + " (not on the allow-list)");
            }
        }
        return uri;
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it maps. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
