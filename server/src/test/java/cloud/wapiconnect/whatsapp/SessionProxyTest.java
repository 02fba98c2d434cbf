package cloud.wapiconnect.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import org.junit.jupiter.api.Test;

/** A session's proxy URL: read strictly, shown without credentials, handed to the engine whole. */
class SessionProxyTest {
    @Test
    void credentialsAreKeptForTheEngineAndMaskedEverywhereElse() {
        SessionProxy p = SessionProxy.parse("SOCKS5://al%40ice:p%3Ass@Proxy.Example.com:1080/");
        assertEquals("socks5", p.scheme());
        assertEquals("proxy.example.com", p.host());
        assertEquals("socks5://proxy.example.com:1080", p.address());
        assertEquals("socks5://***@proxy.example.com:1080", p.display());
        assertEquals(p.display(), p.toString());
        assertEquals("socks5://al%40ice:p%3Ass@proxy.example.com:1080", p.url(), "percent-encoding kept as written");
        assertEquals(p, SessionProxy.of(p.address(), p.credentials()));
    }

    @Test
    void ipv6HostsKeepTheirBrackets() {
        SessionProxy p = SessionProxy.parse("http://[2001:db8::1]:3128");
        assertEquals("2001:db8::1", p.host());
        assertNull(p.credentials());
        assertEquals("http://[2001:db8::1]:3128", p.display());
        assertEquals("http://[2001:db8::1]:3128", p.url());
    }

    @Test
    void anythingButSchemeHostAndPortIsInvalidAndNeverQuotesTheCredentials() {
        for (String bad : new String[] {
            "",
            "https://h:1",
            "socks4://h:1",
            "socks5://h",
            "socks5://h:70000",
            "http://h:1/p",
            "http://h:1?q",
            "http://h:1#f",
            "socks5://u:topsecret@:1",
            "socks5 ://u:topsecret@h:1"
        }) {
            WapiException e = assertThrows(WapiException.class, () -> SessionProxy.parse(bad), bad);
            assertEquals(ErrorCode.INVALID_PROXY, e.code(), bad);
            assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        }
    }
}
