package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.engine.EngineContract;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.BlackHole;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WhatsAppServers;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The engine contract on the whatsapp engine: the packaged server with its real bridge, and WhatsApp
 * Web behind a {@link BlackHole}, so sessions go {@code disconnected} instead of showing a QR code and
 * nothing can be linked.
 */
@DatabaseAgnostic
class WhatsAppEngineContractIT extends EngineContract {
    private static final String DATABASE = "wapi_test_whatsapp_contract";

    private static BlackHole whatsApp;
    private static ServerProcess server;
    private static Map<String, String> environment;

    @BeforeAll
    static void start() throws Exception {
        whatsApp = new BlackHole();
        environment = WhatsAppServers.environment(DATABASE, whatsApp.url());
        server = new ServerProcess(
                        environment,
                        ServerProcess.logFile("whatsapp-contract-server").toPath())
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        whatsApp.close();
    }

    @Override
    protected Api api() {
        return new Api(server.uri());
    }

    @Override
    protected String databaseUrl() {
        return environment.get("WAPI_DB_URL");
    }

    @Override
    protected String linkingStatus() {
        return "disconnected";
    }

    @Override
    protected boolean link(String sessionId, String phone) {
        return false;
    }

    @Override
    protected String receive(String sessionId, String from, String body) {
        return null;
    }
}
