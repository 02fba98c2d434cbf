package cloud.wapiconnect.util;

import cloud.wapiconnect.config.WapiConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The database the integration suite runs on: MariaDB ({@code WAPI_DB_URL} given to the test JVM) or,
 * on the embedded pass, the server's own default, H2 in {@code WAPI_DATA_DIR} (no {@code WAPI_DB_URL}).
 */
public final class TestDatabase {
    private TestDatabase() {}

    /** Whether this pass runs on the embedded H2 that the README's first command starts. */
    public static boolean embedded() {
        String url = System.getProperty("WAPI_DB_URL");
        return url == null || url.isBlank();
    }

    /**
     * A connection to the database of the server running in this JVM ({@code @HelidonTest}), by the very
     * URL the server uses, so on H2 it joins the server's open database instead of fighting for its file.
     */
    public static Connection connectToInProcessServer() throws SQLException {
        WapiConfig config = WapiConfig.from(ConfigProvider.getConfig());
        return DriverManager.getConnection(config.jdbcUrl(), config.dbUser(), config.dbPassword());
    }
}
