package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.net.GuardedDnsResolver;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, finding 4: the address guard lets only globally routable unicast through, refuses numeric hosts in
 * spellings that Java and browsers read differently, and refuses the server's own interface addresses. Every
 * check here is made on literals, so nothing is resolved over the network and nothing is connected to.
 */
class AddressGuardRefusesNonGlobalTargetsTest {
    private static final AddressGuard STRICT = new AddressGuard(false);
    private static final AddressGuard DEVELOPMENT = new AddressGuard(true);

    @ParameterizedTest(name = "{0}: strict {1}, with WAPI_ALLOW_PRIVATE_NETWORKS {2}")
    @CsvSource({
        // globally routable unicast: allowed
        "8.8.8.8, true, true",
        "1.1.1.1, true, true",
        "2001:4860:4860::8888, true, true",
        "2a00:1450::1, true, true",
        "100.63.255.255, true, true",
        "100.128.0.0, true, true",
        "198.17.255.255, true, true",
        "198.20.0.0, true, true",
        "192.0.1.1, true, true",
        "223.255.255.255, true, true",
        // loopback and private: only with the switch
        "127.0.0.1, false, true",
        "127.255.255.254, false, true",
        "::1, false, true",
        "10.1.2.3, false, true",
        "172.16.0.9, false, true",
        "172.31.255.255, false, true",
        "192.168.0.1, false, true",
        "fd12::1, false, true",
        "fc00::1, false, true",
        "fec0::1, false, true",
        "100.64.0.1, false, true",
        "100.127.255.255, false, true",
        "::ffff:127.0.0.1, false, true",
        "::ffff:10.0.0.1, false, true",
        // never
        "0.0.0.0, false, false",
        "0.0.0.1, false, false",
        "0.255.255.255, false, false",
        "169.254.169.254, false, false",
        "169.254.1.1, false, false",
        "100.100.100.200, false, false",
        "192.0.0.1, false, false",
        "192.0.0.170, false, false",
        "192.0.2.1, false, false",
        "192.88.99.1, false, false",
        "198.18.0.1, false, false",
        "198.19.255.255, false, false",
        "198.51.100.1, false, false",
        "203.0.113.7, false, false",
        "224.0.0.1, false, false",
        "239.255.255.250, false, false",
        "240.0.0.1, false, false",
        "255.255.255.255, false, false",
        "::, false, false",
        "::127.0.0.1, false, false",
        "::8.8.8.8, false, false",
        "::10.0.0.1, false, false",
        "::ffff:0.0.0.1, false, false",
        "::ffff:169.254.169.254, false, false",
        "64:ff9b::7f00:1, false, false",
        "64:ff9b::808:808, false, false",
        "64:ff9b:1::1, false, false",
        "2002:7f00:1::1, false, false",
        "2002:0808:0808::1, false, false",
        "2001:0:4136:e378:8000:63bf:80ff:fffe, false, false",
        "2001::1, false, false",
        "2001:db8::1, false, false",
        "2001:2::1, false, false",
        "2001:10::1, false, false",
        "3fff::1, false, false",
        "100::1, false, false",
        "fe80::1, false, false",
        "ff02::1, false, false",
        "fd00:ec2::254, false, false",
        "4000::1, false, false"
    })
    void onlyGlobalUnicastPasses(String address, boolean strict, boolean development) throws Exception {
        InetAddress a = InetAddress.getByName(address); // a literal: parsed, never looked up
        assertEquals(strict, STRICT.refusal(a).isEmpty(), address + " " + STRICT.refusal(a));
        assertEquals(
                development,
                DEVELOPMENT.refusal(a).isEmpty(),
                address + " with private networks allowed " + DEVELOPMENT.refusal(a));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0177.0.0.1",
                "0x7f.0.0.1",
                "0x7F000001",
                "2130706433",
                "127.1",
                "127.0.1",
                "017700000001",
                "127.0.0.01",
                "127.000.000.001",
                "0x7f.1",
                "1.2.3.256",
                "1.2.3.4.5",
                "127.0.0.1.",
                "0",
                "0x",
                "0300.0250.0.1",
                "8.8.8.010",
                "08.8.8.8",
                "foo.123",
                "a.b.0x10"
            })
    void numericHostsInOtherSpellingsAreRefusedBeforeAnyLookup(String host) {
        Optional<String> refusal = AddressGuard.spellingRefusal(host);
        assertTrue(refusal.isPresent(), host);
        for (AddressGuard guard : List.of(STRICT, DEVELOPMENT)) {
            assertTrue(guard.refusal(URI.create("http://" + host + ":8080/x")).isPresent(), host);
            assertTrue(
                    guard.schemeOrHostRefusal(URI.create("http://" + host + "/x"))
                            .isPresent(),
                    host);
            GuardedDnsResolver.RefusedAddressException refused = assertThrows(
                    GuardedDnsResolver.RefusedAddressException.class,
                    () -> new GuardedDnsResolver(guard).resolve(host),
                    host);
            assertTrue(refused.getMessage().contains("non-standard form"), refused.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "127.0.0.1",
                "0.0.0.0",
                "255.255.255.255",
                "example.com",
                "cafe.be",
                "0x7f.example.com",
                "123.example",
                "xn--nxasmq6b.example",
                "[::1]",
                "[2001:db8::1]"
            })
    void plainSpellingsAreJudgedByAddressNotRefusedForTheirForm(String host) {
        assertFalse(AddressGuard.spellingRefusal(host).isPresent(), host);
    }

    @Test
    void ipv6LiteralsWithAZoneAreRefused() {
        assertTrue(AddressGuard.spellingRefusal("fe80::1%eth0").isPresent());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://[::127.0.0.1]/",
                "http://[64:ff9b::7f00:1]/",
                "http://[2002:7f00:1::]/",
                "http://[2001:0:0:0:0:0:0:1]/",
                "http://0.0.0.1/",
                "http://0177.0.0.1/",
                "http://169.254.169.254/latest/meta-data/"
            })
    void urlsThatReachInwardsAreRefusedEvenWithPrivateNetworksAllowed(String url) {
        assertTrue(DEVELOPMENT.refusal(URI.create(url)).isPresent(), url);
        assertTrue(STRICT.refusal(URI.create(url)).isPresent(), url);
    }

    @Test
    void theServersOwnInterfaceAddressesAreRefusedUnlessPrivateNetworksAreAllowed() throws Exception {
        List<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .toList();
        assumeFalse(own.isEmpty(), "no network interface");
        for (InetAddress a : own) {
            assertTrue(STRICT.refusal(a).isPresent(), a + " is this machine's");
        }
        // The decision is by address, whatever its range: a public address of a guard's own is refused too.
        InetAddress pretendOwn = InetAddress.getByName("8.8.4.4");
        AddressGuard onThatHost = new AddressGuard(false, pretendOwn::equals);
        assertEquals(Optional.of("an address of this server's own network interfaces"), onThatHost.refusal(pretendOwn));
        assertEquals(Optional.empty(), onThatHost.refusal(InetAddress.getByName("8.8.8.8")));
        assertEquals(
                Optional.of("an address of this server's own network interfaces"),
                onThatHost.refusal(InetAddress.getByName("::ffff:8.8.4.4")));
        // WAPI_ALLOW_PRIVATE_NETWORKS unlocks the server's own addresses as it unlocks loopback.
        assertEquals(Optional.empty(), new AddressGuard(true, pretendOwn::equals).refusal(pretendOwn));
    }
}
