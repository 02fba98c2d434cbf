package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.engine.EngineContract;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The engine contract on the sandbox, run like its whatsapp twin: the packaged server in its own process
 * and database (a {@code @HelidonTest} cannot run test methods inherited from a class without the annotation).
 */
class SandboxEngineContractIT extends EngineContract {
    private static final String DATABASE = "wapi_test_sandbox_contract";

    private static ServerProcess server;
    private static Map<String, String> environment;

    @BeforeAll
    static void start() throws Exception {
        environment = ServerProcess.freshDatabase(DATABASE, DATABASE + "-data");
        server = new ServerProcess(
                        environment,
                        ServerProcess.logFile("sandbox-contract-server").toPath())
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
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
        return "qr_ready";
    }

    @Override
    protected boolean link(String sessionId, String phone) {
        api().readySession(tenant.key(), sessionId, phone);
        return true;
    }

    @Override
    protected String receive(String sessionId, String from, String body) {
        Api.Response incoming = api().post(
                        "/api/sandbox/session/" + sessionId + "/incoming",
                        tenant.key(),
                        "{\"from\":\"" + from + "\",\"body\":\"" + body + "\"}");
        if (incoming.status() != 200) {
            throw new IllegalStateException("incoming: " + incoming);
        }
        return (String) incoming.get("messageId");
    }
}
