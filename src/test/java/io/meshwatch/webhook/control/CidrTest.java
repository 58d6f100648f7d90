package io.meshwatch.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.3.4, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.0/24, 192.168.1.77, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "203.0.113.7, 203.0.113.7, true",
            "203.0.113.7, 203.0.113.8, false",
            "::1/128, ::1, true",
            "::1, 0:0:0:0:0:0:0:1, true",
            "::1/128, ::2, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "10.0.0.0/8, ::ffff:11.1.2.3, false",
            "::ffff:10.0.0.0/104, 10.9.9.9, true",
            "::ffff:0:0/96, 198.51.100.1, true",
            "::/0, 10.0.0.1, true",
            "::/0, 2001:db8::1, true",
            "10.0.0.0/8, 2001:db8::1, false",
            "2001:db8::/32, 10.0.0.1, false"})
    void containsExactlyTheAddressesInItsRange(String cidr, String address, boolean expected) {
        Cidr cut = Cidr.parse(cidr);

        assertEquals(expected, cut.contains(ip(address)));
    }

    @Test
    void matchesAnIpv4MappedAddressTheJdkKeepsAsIpv6() throws Exception {
        Cidr cut = Cidr.parse("10.0.0.0/8");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};

        assertTrue(cut.contains(java.net.Inet6Address.getByAddress(null, mapped, -1)));
    }

    @Test
    void writesItselfCanonically() {
        assertEquals("10.0.0.0/8", Cidr.parse(" 10.0.0.0/8 ").toString());
        assertEquals("203.0.113.7/32", Cidr.parse("203.0.113.7").toString());
        assertEquals("10.0.0.0/8", Cidr.parse("::ffff:10.0.0.0/104").toString());
        assertEquals("0:0:0:0:0:0:0:1/128", Cidr.parse("::1").toString());
    }

    @Test
    void parsesACommaSeparatedList() {
        List<Cidr> cut = Cidr.parseList(" 10.0.0.0/8 , ,::1/128,");

        assertEquals(List.of("10.0.0.0/8", "0:0:0:0:0:0:0:1/128"), cut.stream().map(Cidr::toString).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptySettingIsAnEmptyList(String setting) {
        assertEquals(List.of(), Cidr.parseList(setting));
        assertEquals(List.of(), Cidr.parseList(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "proxy.internal/24", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.256",
            "010.0.0.1.5", "10.0.0.0/", "/8", "10.0.0.0/-1", "10.0.0.0/8/8", "1.2.3.4:80", "fe80::1%eth0",
            "[::1]", "::g", ".:1", "10.0.0.1/8", "2001:db8::1/32", "１.2.3.4", "0x0a.0.0.1"})
    void refusesAnInvalidEntryAndNamesIt(String entry) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cidr.parseList("192.168.0.0/16," + entry));

        assertTrue(error.getMessage().endsWith(entry.strip()), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "unknown", "1.2.3", "::1/128", ""})
    void parsesOnlyNumericAddresses(String notAnAddress) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseAddress(notAnAddress));
    }

    @Test
    void parsesNumericAddressesOfBothFamilies() {
        assertEquals("192.0.2.1", ip("192.0.2.1").getHostAddress());
        assertEquals("2001:db8:0:0:0:0:0:1", ip("2001:DB8::1").getHostAddress());
        assertFalse(Cidr.parse("192.0.2.0/24").contains(ip("192.0.3.1")));
    }
}
