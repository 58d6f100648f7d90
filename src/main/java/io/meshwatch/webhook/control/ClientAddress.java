package io.meshwatch.webhook.control;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which address a request really came from, for rate limiting and
 * logs. {@code X-Forwarded-For} is believed only as far as it was written by
 * trusted proxies: anyone can send the header, so from an untrusted peer it
 * is ignored, and behind trusted proxies only the entries those proxies
 * appended count.
 */
public final class ClientAddress {

    private final List<Cidr> trustedProxies;

    public ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * Walks {@code X-Forwarded-For} from the right (the entry the nearest proxy
     * added) past trusted proxies to the first untrusted address.
     * <ul>
     * <li>An entry that is not a numeric address (a hostname, {@code unknown}, an
     * address with a port) ends the walk: whatever is left of it cannot be
     * trusted, so the last valid address seen (possibly the peer) is returned.
     * That errs towards a proxy's address, which limits more, not less.</li>
     * <li>If every entry is a trusted proxy, the left-most one is returned: the
     * farthest hop known.</li>
     * </ul>
     *
     * @param peer          the TCP peer, numeric as the container reports it
     * @param forwardedFor  every {@code X-Forwarded-For} header line in arrival
     *                      order, each possibly comma-separated; may be empty
     * @throws IllegalArgumentException if the peer is not a numeric address
     */
    public InetAddress resolve(String peer, List<String> forwardedFor) {
        InetAddress source = Cidr.parseAddress(peer);
        if (!isTrusted(source)) {
            return source;
        }
        List<String> hops = hops(forwardedFor);
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = parseOrNull(hops.get(i));
            if (hop == null) {
                return source;
            }
            source = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return source;
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    /** Several header lines mean the same as one line joined with commas, in order (RFC 9110). */
    private static List<String> hops(List<String> headerLines) {
        List<String> hops = new ArrayList<>();
        if (headerLines != null) {
            for (String line : headerLines) {
                if (line != null) {
                    for (String entry : line.split(",")) {
                        if (!entry.isBlank()) {
                            hops.add(entry.strip());
                        }
                    }
                }
            }
        }
        return hops;
    }

    private static InetAddress parseOrNull(String entry) {
        try {
            return Cidr.parseAddress(entry);
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }
}
