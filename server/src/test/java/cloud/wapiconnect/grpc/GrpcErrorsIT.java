package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.GetSessionStatusRequest;
import cloud.wapiconnect.proto.v1.ListSessionsRequest;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import cloud.wapiconnect.proto.v1.SessionsGrpc;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import com.google.rpc.ErrorInfo;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a plain grpc-java client sees when calls fail: the real status code and a google.rpc.ErrorInfo,
 * never Helidon 4.2.0's {@code INTERNAL: Missing HTTP status code}, including failures before any message
 * (authentication) and failures of unary calls.
 */
@HelidonTest
class GrpcErrorsIT {
    @Inject
    WebTarget target;

    private Api api;
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        api = new Api(target.getUri());
        channel = Grpc.channel(target.getUri());
    }

    @AfterEach
    void disconnect() {
        Grpc.close(channel);
    }

    private SessionsGrpc.SessionsBlockingStub sessions(String key) {
        Metadata headers = new Metadata();
        if (key != null) {
            headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);
        }
        return SessionsGrpc.newBlockingStub(
                ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)));
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) throws Exception {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        return status.getDetails(0).unpack(ErrorInfo.class);
    }

    @Test
    void missingOrWrongKeyIsUnauthenticatedWithErrorInfo() throws Exception {
        for (String key : new String[] {null, "wapi_not-a-real-key"}) {
            StatusRuntimeException e = assertThrows(
                    StatusRuntimeException.class,
                    () -> sessions(key).listSessions(ListSessionsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.toString());
            assertEquals("UNAUTHORIZED", errorInfo(e).getReason());
            assertEquals(GrpcErrors.DOMAIN, errorInfo(e).getDomain());
        }
    }

    @Test
    void suspendedTenantIsPermissionDenied() throws Exception {
        Api.TestTenant tenant = api.tenant("free");
        api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"suspended\":true}");
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> sessions(tenant.key()).listSessions(ListSessionsRequest.getDefaultInstance()));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals("TENANT_SUSPENDED", errorInfo(e).getReason());
    }

    @Test
    void unaryFailureCarriesTheRealStatusAndErrorInfo() throws Exception {
        Api.TestTenant tenant = api.tenant("free");
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> sessions(tenant.key())
                        .getSessionStatus(GetSessionStatusRequest.newBuilder()
                                .setSessionId("nope")
                                .build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("Session 'nope' not found", e.getStatus().getDescription());
        assertEquals("SESSION_NOT_FOUND", errorInfo(e).getReason());
    }

    @Test
    void sentLimitExceededCarriesLimitAndUsed() {
        Api.TestTenant tenant = api.tenantOnPlan("grpc-one-a-day", 1, 1);
        api.readySession(tenant.key(), "main", "919876543210");
        try (WapiClient client = Grpc.client(target.getUri(), tenant.key())) {
            client.sendText("main", "919800000001", "first");
            WapiClientException e =
                    assertThrows(WapiClientException.class, () -> client.sendText("main", "919800000002", "second"));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.status());
            assertEquals("SENT_LIMIT_EXCEEDED", e.code());
            assertEquals("1", e.metadata().get("limit"));
            assertEquals("1", e.metadata().get("used"));

            WapiClientException sessions =
                    assertThrows(WapiClientException.class, () -> client.createSession("another", null));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, sessions.status());
            assertEquals("SESSION_LIMIT_REACHED", sessions.code());
            assertEquals("1", sessions.metadata().get("limit"));
        }
    }

    @Test
    void validationErrorsAreInvalidArgumentWithTheSameCodesAsRest() {
        Api.TestTenant tenant = api.tenant("starter");
        api.readySession(tenant.key(), "main", "919876543210");
        try (WapiClient client = Grpc.client(target.getUri(), tenant.key())) {
            WapiClientException badType = assertThrows(
                    WapiClientException.class,
                    () -> client.send(SendMessageRequest.newBuilder()
                            .setSessionId("main")
                            .setTo("919800000001")
                            .setContent(MessageContent.newBuilder()
                                    .setType("hologram")
                                    .setMessage("x"))
                            .build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, badType.status());
            Api.Response rest = api.post(
                    "/api/whatsapp/session/main/send",
                    tenant.key(),
                    "{\"to\":\"919800000001\",\"type\":\"hologram\",\"message\":\"x\"}");
            assertEquals(rest.code(), badType.code());

            WapiClientException badId =
                    assertThrows(WapiClientException.class, () -> client.createSession("bad id!", null));
            assertEquals("INVALID_SESSION_ID", badId.code());
            assertEquals(Status.Code.INVALID_ARGUMENT, badId.status());

            WapiClientException notReady =
                    assertThrows(WapiClientException.class, () -> client.sendText("nosuch", "919800000001", "x"));
            assertEquals("SESSION_NOT_FOUND", notReady.code());
        }
    }

    @Test
    void standardHealthCheckAnswersWithoutAKey() {
        HealthCheckResponse all = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, all.getStatus());
        HealthCheckResponse events = HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder()
                        .setService("wapiconnect.v1.Events")
                        .build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, events.getStatus());
    }

    @Test
    void serverReflectionListsTheServicesAndServesTheirProtoFiles() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<ServerReflectionResponse> responses =
                new java.util.concurrent.LinkedBlockingQueue<>();
        io.grpc.stub.StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        responses.add(r);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                });
        requests.onNext(
                ServerReflectionRequest.newBuilder().setListServices("*").build());
        ServerReflectionResponse list = responses.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        java.util.Set<String> names = new java.util.HashSet<>();
        list.getListServicesResponse().getServiceList().forEach(s -> names.add(s.getName()));
        assertEquals(
                java.util.Set.of(
                        "wapiconnect.v1.Sessions",
                        "wapiconnect.v1.Messages",
                        "wapiconnect.v1.BulkJobs",
                        "wapiconnect.v1.Account",
                        "wapiconnect.v1.Events",
                        "wapiconnect.v1.Groups",
                        "wapiconnect.v1.Chats",
                        "grpc.health.v1.Health",
                        "grpc.reflection.v1alpha.ServerReflection"),
                names);

        requests.onNext(ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("wapiconnect.v1.Events")
                .build());
        ServerReflectionResponse file = responses.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        com.google.protobuf.DescriptorProtos.FileDescriptorProto events =
                com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(
                        file.getFileDescriptorResponse().getFileDescriptorProto(0));
        assertEquals("wapiconnect/v1/events.proto", events.getName());
        requests.onCompleted();
    }
}
