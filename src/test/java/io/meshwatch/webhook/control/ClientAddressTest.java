package io.meshwatch.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

    ClientAddress cut = new ClientAddress(Cidr.parseList("10.0.0.0/8, fd00::/8"));

    String resolve(String peer, String... forwardedFor) {
        return cut.resolve(peer, List.of(forwardedFor)).getHostAddress();
    }

    @Test
    void anUntrustedPeerIsTheSourceWhateverItsHeaderSays() {
        assertEquals("198.51.100.9", resolve("198.51.100.9", "203.0.113.1"));
        assertEquals("198.51.100.9", resolve("198.51.100.9", "10.0.0.1"));
        assertEquals("198.51.100.9", resolve("198.51.100.9"));
    }

    @Test
    void behindOneTrustedProxyTheSourceIsTheAddressItSaw() {
        assertEquals("203.0.113.1", resolve("10.0.0.5", "203.0.113.1"));
    }

    @Test
    void aClientCannotForgeEntriesLeftOfWhatTheProxyAppended() {
        assertEquals("203.0.113.1", resolve("10.0.0.5", "1.1.1.1, 10.9.9.9, 203.0.113.1"));
    }

    @Test
    void walksPastAChainOfTrustedProxies() {
        assertEquals("203.0.113.1", resolve("10.0.0.5", "192.0.2.66, 203.0.113.1, 10.2.0.1"));
    }

    @Test
    void readsSeveralHeaderLinesAsOneListInOrder() {
        assertEquals("203.0.113.1", resolve("10.0.0.5", "192.0.2.66", "203.0.113.1, 10.2.0.1", "10.3.0.1"));
    }

    @Test
    void withoutAHeaderATrustedPeerIsTheSource() {
        assertEquals("10.0.0.5", resolve("10.0.0.5"));
        assertEquals("10.0.0.5", cut.resolve("10.0.0.5", null).getHostAddress());
        assertEquals("10.0.0.5", resolve("10.0.0.5", " , "));
    }

    @Test
    void whenEveryEntryIsTrustedTheLeftMostIsTheSource() {
        assertEquals("10.7.0.1", resolve("10.0.0.5", "10.7.0.1, 10.2.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "evil.example.com", "203.0.113.1:4711", "<script>", "999.1.1.1"})
    void garbageEndsTheWalkAtTheLastValidAddress(String garbage) {
        assertEquals("10.0.0.5", resolve("10.0.0.5", garbage));
        assertEquals("10.2.0.1", resolve("10.0.0.5", "203.0.113.1, " + garbage + ", 10.2.0.1"));
        assertEquals("198.51.100.7", resolve("10.0.0.5", garbage + ", 198.51.100.7"));
    }

    @Test
    void handlesIpv6PeersAndEntries() {
        assertEquals("2001:db8:0:0:0:0:0:7", resolve("fd00::5", "2001:db8::7"));
        assertEquals("2001:db8:0:0:0:0:0:7", resolve("fd00::5", "2001:db8::7, fd00::9, 10.0.0.3"));
        assertEquals("2001:db8:0:0:0:0:0:9", resolve("2001:db8::9", "203.0.113.1"));
    }

    @Test
    void anIpv4MappedPeerMatchesAnIpv4ProxyRange() {
        assertEquals("203.0.113.1", resolve("::ffff:10.0.0.5", "203.0.113.1"));
    }

    @Test
    void withNoTrustedProxiesTheHeaderIsNeverRead() {
        cut = new ClientAddress(List.of());

        assertEquals("10.0.0.5", resolve("10.0.0.5", "203.0.113.1"));
    }

    @Test
    void refusesAPeerThatIsNotANumericAddress() {
        assertThrows(IllegalArgumentException.class, () -> resolve("localhost", "203.0.113.1"));
    }
}
