package cloud.wapiconnect.util;

import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;

/** The packaged server on the whatsapp engine, with the bridge of this checkout and fast timings. */
public final class WhatsAppServers {
    /** How long one attempt to reach WhatsApp may take before the session shows {@code disconnected}. */
    public static final long CONNECT_TIMEOUT_MS = 2000;

    private WhatsAppServers() {}

    /** The environment of such a server on a fresh database of its own, with WhatsApp Web at {@code whatsAppUrl}. */
    public static Map<String, String> environment(String database, String whatsAppUrl) throws SQLException {
        Map<String, String> env = ServerProcess.freshDatabase(database, database + "-data");
        env.put("WAPI_ENGINE", "whatsapp");
        env.put("WAPI_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("WAPI_BRIDGE_DIR", BaileysCreds.BRIDGE_DIR.toString());
        env.put("WAPI_BRIDGE_WS_URL", whatsAppUrl);
        env.put("WAPI_BRIDGE_CONNECT_TIMEOUT_MS", String.valueOf(CONNECT_TIMEOUT_MS));
        env.put("WAPI_BRIDGE_RECONNECT_MIN_MS", "300");
        env.put("WAPI_BRIDGE_RECONNECT_MAX_MS", "1000");
        env.put("WAPI_BRIDGE_HEALTH_INTERVAL_MS", "300");
        env.put("WAPI_BRIDGE_CALL_TIMEOUT_MS", "3000");
        return env;
    }
}
