package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.proto.v1.GetSessionStatusRequest;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.ClassScan;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every method of every public gRPC service declares what it needs from the API key ({@link GrpcScopes}): a new
 * method cannot skip the scope check unnoticed. Walks every generated service of the public API.
 */
class GrpcScopesTest {
    private static List<ServiceDescriptor> publicServices() throws Exception {
        List<ServiceDescriptor> services = new ArrayList<>();
        for (Class<?> type : ClassScan.classesNextTo(GetSessionStatusRequest.class, "cloud.wapiconnect.proto.v1")) {
            if (type.getSimpleName().endsWith("Grpc") && type.getEnclosingClass() == null) {
                services.add((ServiceDescriptor)
                        type.getMethod("getServiceDescriptor").invoke(null));
            }
        }
        return services;
    }

    @Test
    void everyMethodDeclaresTheAccessItNeedsAndWhereItsSessionsAre() throws Exception {
        List<String> undeclared = new ArrayList<>();
        List<String> noSessionField = new ArrayList<>();
        int methods = 0;
        for (ServiceDescriptor service : publicServices()) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                methods++;
                GrpcScopes.Need need = GrpcScopes.of(method.getFullMethodName());
                if (need == null) {
                    undeclared.add(method.getFullMethodName());
                    continue;
                }
                if (need.target() == GrpcScopes.Target.SESSIONS) {
                    var input = ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
                            .getMethodDescriptor()
                            .getInputType();
                    FieldDescriptor one = input.findFieldByName("session_id");
                    FieldDescriptor many = input.findFieldByName("session_ids");
                    boolean ok = (one != null && !one.isRepeated() && one.getType() == FieldDescriptor.Type.STRING)
                            || (many != null && many.isRepeated() && many.getType() == FieldDescriptor.Type.STRING);
                    if (!ok) {
                        noSessionField.add(method.getFullMethodName());
                    }
                }
            }
        }
        assertTrue(methods > 30, "found only " + methods + " methods: is the scan broken?");
        assertEquals(List.of(), undeclared, "methods without a declared scope");
        assertEquals(List.of(), noSessionField, "methods said to be about sessions whose request names none");
    }

    @Test
    void theSessionsOfARequestAreItsSessionIdOrSessionIds() {
        assertEquals(
                List.of("a"),
                GrpcScopes.sessionsOf(
                        GetSessionStatusRequest.newBuilder().setSessionId("a").build()));
        assertEquals(null, GrpcScopes.sessionsOf(ListMessagesRequest.getDefaultInstance()), "an empty filter");
        assertEquals(
                List.of("a", "b"),
                GrpcScopes.sessionsOf(SubscribeRequest.newBuilder()
                        .addSessionIds("a")
                        .addSessionIds("b")
                        .build()));
        assertEquals(null, GrpcScopes.sessionsOf(SubscribeRequest.getDefaultInstance()));
    }
}
