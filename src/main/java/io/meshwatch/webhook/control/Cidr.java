package io.meshwatch.webhook.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8} or {@code ::1/128};
 * a bare address is a single host. Only numeric literals are accepted: a
 * hostname would mean a DNS lookup at parse time and a trust list that
 * changes with DNS. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are
 * treated as the IPv4 address they carry, so a dual-stack container's peer
 * address still matches an IPv4 range.
 */
public final class Cidr {

    private static final int MAPPED_PREFIX_BITS = 96;

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * @throws IllegalArgumentException naming the entry when it is not a numeric
     *         address with an optional prefix, or has bits set beyond the prefix
     *         ({@code 10.0.0.1/8} is refused: widening trust by a typo is worse
     *         than a startup error)
     */
    public static Cidr parse(String text) {
        String entry = text == null ? "" : text.strip();
        int slash = entry.indexOf('/');
        String addressPart = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = bytes(addressPart, entry);
        int maxPrefix = address.length * 8;
        int prefix = slash < 0 ? maxPrefix : prefixLength(entry.substring(slash + 1), maxPrefix, entry);
        if (address.length == 16 && isMapped(address) && prefix >= MAPPED_PREFIX_BITS) {
            address = Arrays.copyOfRange(address, 12, 16);
            prefix -= MAPPED_PREFIX_BITS;
        }
        if (!Arrays.equals(address, mask(address, prefix))) {
            throw new IllegalArgumentException("Not a network address (bits set after /" + prefix + "): " + entry);
        }
        return new Cidr(address, prefix);
    }

    /** A comma-separated setting; blank entries are skipped, an empty setting is an empty list. */
    public static List<Cidr> parseList(String commaSeparated) {
        List<Cidr> ranges = new ArrayList<>();
        if (commaSeparated != null) {
            for (String entry : commaSeparated.split(",")) {
                if (!entry.isBlank()) {
                    ranges.add(parse(entry));
                }
            }
        }
        return List.copyOf(ranges);
    }

    /**
     * A numeric IPv4 or IPv6 literal, never looked up in DNS.
     *
     * @throws IllegalArgumentException when the text is not such a literal
     */
    public static InetAddress parseAddress(String literal) {
        String text = literal == null ? "" : literal.strip();
        try {
            return InetAddress.getByAddress(bytes(text, text));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length == 16 && isMapped(candidate) && network.length == 4) {
            candidate = Arrays.copyOfRange(candidate, 12, 16);
        } else if (candidate.length == 4 && network.length == 16) {
            candidate = mapped(candidate);
        }
        return candidate.length == network.length && Arrays.equals(network, mask(candidate, prefix));
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] bytes(String text, String entry) {
        if (text.indexOf(':') >= 0) {
            return ipv6(text, entry);
        }
        byte[] ipv4 = ipv4(text);
        if (ipv4 == null) {
            throw new IllegalArgumentException("Not a numeric IP address: " + entry);
        }
        return ipv4;
    }

    /** Strict dotted quad: four decimal parts 0-255, so no octal or shortened forms. */
    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    /**
     * Leaves the IPv6 grammar to the JDK, but only for text made of hex digits,
     * colons and dots, not starting with a dot: such text the JDK parses as a
     * literal or refuses, it never resolves a name. Zone ids and brackets are refused.
     */
    private static byte[] ipv6(String text, String entry) {
        boolean literal = text.charAt(0) != '.'
                && text.chars().allMatch(c -> c == ':' || c == '.' || c < 128 && Character.digit(c, 16) >= 0);
        if (!literal) {
            throw new IllegalArgumentException("Not a numeric IP address: " + entry);
        }
        byte[] address;
        try {
            address = InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not a numeric IP address: " + entry);
        }
        // The JDK turns ::ffff:a.b.c.d into IPv4; keep the written IPv6 form so prefixes stay in IPv6 bits.
        return address.length == 4 ? mapped(address) : address;
    }

    private static int prefixLength(String text, int max, String entry) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("Not a prefix length: " + entry);
        }
        int prefix = Integer.parseInt(text);
        if (prefix > max) {
            throw new IllegalArgumentException("Prefix longer than " + max + " bits: " + entry);
        }
        return prefix;
    }

    private static boolean isMapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xff;
        address[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, address, 12, 4);
        return address;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - bits));
        }
        return masked;
    }
}
