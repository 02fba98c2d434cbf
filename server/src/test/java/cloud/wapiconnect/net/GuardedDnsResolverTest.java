package cloud.wapiconnect.net;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class GuardedDnsResolverTest {
    @Test
    void aNameResolvingToAForbiddenAddressIsRefusedAtConnectionTime() {
        GuardedDnsResolver strict = new GuardedDnsResolver(new AddressGuard(false));
        GuardedDnsResolver.RefusedAddressException refused =
                assertThrows(GuardedDnsResolver.RefusedAddressException.class, () -> strict.resolve("localhost"));
        assertTrue(refused.getMessage().contains("loopback or private"), refused.getMessage());
        assertThrows(GuardedDnsResolver.RefusedAddressException.class, () -> strict.resolve("169.254.169.254"));
        assertThrows(GuardedDnsResolver.RefusedAddressException.class, () -> strict.resolve("10.1.2.3"));
    }

    @Test
    void privateAddressesPassWithTheDevelopmentSwitchButMetadataNever() throws UnknownHostException {
        GuardedDnsResolver development = new GuardedDnsResolver(new AddressGuard(true));
        assertTrue(development.resolve("localhost").length > 0);
        assertThrows(GuardedDnsResolver.RefusedAddressException.class, () -> development.resolve("169.254.169.254"));
    }
}
