package cloud.wapiconnect.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressGuardTest {
    @ParameterizedTest
    @CsvSource({
        "8.8.8.8, true, true",
        "2001:4860:4860::8888, true, true",
        "127.0.0.1, false, true",
        "::1, false, true",
        "10.1.2.3, false, true",
        "172.16.0.9, false, true",
        "192.168.0.1, false, true",
        "fd12::1, false, true",
        "100.64.0.1, false, true",
        "::ffff:127.0.0.1, false, true",
        "169.254.169.254, false, false",
        "169.254.1.1, false, false",
        "fe80::1, false, false",
        "0.0.0.0, false, false",
        "224.0.0.1, false, false",
        "255.255.255.255, false, false",
        "100.100.100.200, false, false",
        "fd00:ec2::254, false, false"
    })
    void classifiesAddresses(String address, boolean allowedByDefault, boolean allowedForDevelopment) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        assertEquals(allowedByDefault, new AddressGuard(false).refusal(a).isEmpty(), address);
        assertEquals(
                allowedForDevelopment,
                new AddressGuard(true).refusal(a).isEmpty(),
                address + " with private networks allowed");
    }

    @ParameterizedTest
    @CsvSource({"file:///etc/passwd", "ftp://example.com/a", "http:///nohost", "http://localhost/x"})
    void refusesSchemesAndLocalNames(String url) {
        assertTrue(new AddressGuard(false).refusal(URI.create(url)).isPresent(), url);
    }
}
