package cloud.wapiconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.internal.v1.LiveSessionsGrpc;
import cloud.wapiconnect.internal.v1.SendRequest;
import cloud.wapiconnect.internal.v1.SessionRef;
import cloud.wapiconnect.internal.v1.TextContent;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.ServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The internal service between cluster nodes ({@code wapiconnect.internal.v1.LiveSessions}) on a real server
 * process: nobody without the cluster secret gets past it, not even with a tenant's own API key, and a node
 * with no secret serves no internal call at all. A refused send sends nothing.
 */
@DatabaseAgnostic
class InternalServiceAuthIT {
    static final String SECRET = "cluster-secret-for-tests-0123456789abcdef";
    private static final Metadata.Key<String> SECRET_HEADER =
            Metadata.Key.of("x-wapi-cluster-secret", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    @Test
    @SuppressWarnings("unchecked")
    void callersWithoutTheClusterSecretAreRefusedAndNothingIsSent() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_internal_auth", "internal-auth-data");
        env.put("WAPI_CLUSTER_SECRET", SECRET);
        try (ServerProcess server =
                new ServerProcess(env, ServerProcess.logFile("internal-auth").toPath()).start()) {
            Api api = new Api(server.uri());
            Api.TestTenant tenant = api.tenant("business");
            api.readySession(tenant.key(), "main", "919800000400");
            ManagedChannel channel = Grpc.channel(server.uri());
            try {
                SessionRef main = SessionRef.newBuilder()
                        .setTenantId(tenant.id())
                        .setSessionId("main")
                        .build();
                SendRequest send = SendRequest.newBuilder()
                        .setSession(main)
                        .setMessageId("3EB0FORGED0000000001")
                        .setJid("919800000401@s.whatsapp.net")
                        .setText(TextContent.newBuilder().setText("forged"))
                        .build();
                for (Map<Metadata.Key<String>, String> headers : List.of(
                        Map.<Metadata.Key<String>, String>of(),
                        Map.of(SECRET_HEADER, SECRET + "x"),
                        Map.of(SECRET_HEADER, SECRET.substring(1)),
                        Map.of(SECRET_HEADER, ""),
                        Map.of(API_KEY, tenant.key()),
                        Map.of(API_KEY, tenant.key(), SECRET_HEADER, "wrong"))) {
                    LiveSessionsGrpc.LiveSessionsBlockingStub stub = stub(channel, headers);
                    assertStatus(Status.Code.UNAUTHENTICATED, () -> stub.state(main), headers.keySet() + " state");
                    assertStatus(Status.Code.UNAUTHENTICATED, () -> stub.send(send), headers.keySet() + " send");
                }
                List<Object> delivered = (List<Object>) api.get("/api/sandbox/session/main/delivered", tenant.key())
                        .get("messages");
                assertEquals(List.of(), delivered, "a refused internal send sends nothing");

                // With the secret the call gets past the door (answered by the service: OK, or a domain failure
                // such as SESSION_MOVING for a generation this node does not hold).
                LiveSessionsGrpc.LiveSessionsBlockingStub admitted = stub(channel, Map.of(SECRET_HEADER, SECRET));
                try {
                    admitted.state(main);
                } catch (StatusRuntimeException e) {
                    assertNotEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.toString());
                    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(), e.toString());
                }
            } finally {
                Grpc.close(channel);
            }
        }
    }

    @Test
    void aNodeWithoutASecretServesNoInternalCall() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_internal_nosecret", "internal-nosecret-data");
        env.remove("WAPI_CLUSTER_SECRET");
        try (ServerProcess server = new ServerProcess(
                        env, ServerProcess.logFile("internal-nosecret").toPath())
                .start()) {
            ManagedChannel channel = Grpc.channel(server.uri());
            try {
                SessionRef any = SessionRef.newBuilder()
                        .setTenantId("t")
                        .setSessionId("main")
                        .build();
                for (String guess : new String[] {"", SECRET, "null"}) {
                    assertStatus(
                            Status.Code.UNAUTHENTICATED,
                            () -> stub(channel, Map.of(SECRET_HEADER, guess)).state(any),
                            "secret '" + guess + "'");
                }
            } finally {
                Grpc.close(channel);
            }
        }
    }

    static LiveSessionsGrpc.LiveSessionsBlockingStub stub(
            ManagedChannel channel, Map<Metadata.Key<String>, String> headers) {
        Metadata metadata = new Metadata();
        headers.forEach(metadata::put);
        return LiveSessionsGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static void assertStatus(Status.Code expected, Executable call, String what) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call, what);
        assertEquals(expected, e.getStatus().getCode(), what + ": " + e);
    }
}
