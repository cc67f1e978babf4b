package dev.udpm.webhooks.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}; a bare address is a /32 or /128).
 * Parses only literal addresses: nothing here resolves a name.
 */
public record AddressRange(byte[] network, int prefix) {

    /**
     * Parses {@code cidr}.
     *
     * @throws IllegalArgumentException if it is not an IPv4/IPv6 literal with an optional prefix length
     */
    public static AddressRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (!host.matches("[0-9A-Fa-f:.]+") || host.isEmpty()) {
            throw new IllegalArgumentException("'" + cidr + "' is no IP address or CIDR range");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is no IP address or CIDR range");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "': bad prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + cidr + "': prefix length must be 0.." + bits);
            }
        }
        return new AddressRange(address, prefix);
    }

    /** Whether {@code address} lies in this range (an IPv4 address never lies in an IPv6 range and vice versa). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }
}
