package cloud.wapiconnect.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cloud.wapiconnect.interop.client.ApiClient;
import cloud.wapiconnect.interop.client.ApiException;
import cloud.wapiconnect.interop.client.api.MessagesApi;
import cloud.wapiconnect.interop.client.api.SandboxApi;
import cloud.wapiconnect.interop.client.api.SessionsApi;
import cloud.wapiconnect.interop.client.model.CreateSessionRequest;
import cloud.wapiconnect.interop.client.model.CreatedSession;
import cloud.wapiconnect.interop.client.model.Direction;
import cloud.wapiconnect.interop.client.model.ErrorResponse;
import cloud.wapiconnect.interop.client.model.LoggedMessage;
import cloud.wapiconnect.interop.client.model.MessagePage;
import cloud.wapiconnect.interop.client.model.SandboxScanRequest;
import cloud.wapiconnect.interop.client.model.SendRequest;
import cloud.wapiconnect.interop.client.model.SendRequest.TypeEnum;
import cloud.wapiconnect.interop.client.model.SendResult;
import cloud.wapiconnect.interop.client.model.Session;
import cloud.wapiconnect.interop.client.model.SessionStatus;
import cloud.wapiconnect.interop.client.model.SingleSendFieldsContactsInner;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.ServerProcess;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API through clients we did not write, against the packaged server in a process of its own (sandbox engine, on
 * the pass's database): Python's grpcio (C-core) and Node's grpc-js run their suites in {@code src/interop}, a Java
 * client generated from our OpenAPI document by openapi-generator sends every message type, Redocly lints the
 * served {@code /openapi}, and the API document's own Python examples run as written. Our grpc-java tests passed while every C-core client was refused; these would not.
 * {@code src/scripts/interop.sh} installs what the clients need (Debian's grpcio, the npm packages).
 */
@DatabaseAgnostic
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropIT {
    private static final Path CLIENTS =
            Path.of("..", "src", "interop").toAbsolutePath().normalize();
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String INSTALL = "; src/scripts/interop.sh installs it";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);
    /** What the scripts need from the classpath: our protos and those they import or use (status details, health, reflection). */
    private static final List<String> PROTOS = List.of(
            "wapiconnect/v1/sessions.proto",
            "wapiconnect/v1/messages.proto",
            "wapiconnect/v1/bulk.proto",
            "wapiconnect/v1/events.proto",
            "wapiconnect/v1/groups.proto",
            "wapiconnect/v1/chats.proto",
            "wapiconnect/v1/usage.proto",
            "google/rpc/status.proto",
            "google/rpc/error_details.proto",
            "grpc/health/v1/health.proto",
            "grpc/reflection/v1alpha/reflection.proto",
            "google/protobuf/any.proto",
            "google/protobuf/duration.proto",
            "google/protobuf/timestamp.proto",
            "google/protobuf/descriptor.proto");

    private final Path work = Path.of("target", "interop").toAbsolutePath();
    private ServerProcess server;
    private String key;

    @BeforeAll
    void startServer() throws IOException, SQLException {
        deleteTree(work);
        Files.createDirectories(work);
        // On the pass's database: MariaDB, or the embedded H2 that the README's first command starts.
        Map<String, String> environment = ServerProcess.freshDatabase("wapi_test_interop", "interop/data");
        server = new ServerProcess(environment, work.resolve("server.log"));
        server.start(); // assigned first: stopServer ends it also when it never became ready
        key = new Api(server.uri()).tenant("business").key();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pythonGrpcioPassesItsSuite() throws IOException {
        assertTrue(Files.isExecutable(PYTHON), "Debian's python3 with python3-grpcio is needed" + INSTALL);
        Path protoc = Path.of(System.getProperty("wapi.interop.protoc", "target/interop-tools/protoc.exe"));
        assertTrue(Files.exists(protoc), "protoc is copied by the build's pre-integration-test phase: " + protoc);
        protoc.toFile().setExecutable(true);
        Map<String, String> environment = clientEnvironment();
        environment.put("WAPI_PROTOC", protoc.toString());
        environment.put("WAPI_INTEROP_OUT", work.resolve("python-generated").toString());
        run(
                "python-grpcio",
                CLIENTS.resolve("python"),
                environment,
                PYTHON.toString(),
                "-m",
                "unittest",
                "-v",
                "grpc_interop");
    }

    /** The API document's Python examples, as written there with {@code requests}, for a tenant whose session "main" is ready. */
    @Test
    void apiDocumentPythonExamplesWork() throws IOException {
        assertTrue(Files.isExecutable(PYTHON), "Debian's python3 with python3-requests is needed" + INSTALL);
        Api api = new Api(server.uri());
        String exampleKey = api.tenant("business").key();
        api.readySession(exampleKey, "main", "919800000031");
        Map<String, String> environment = new HashMap<>();
        environment.put("WAPI_BASE_URL", server.uri().toString());
        environment.put("WAPI_KEY", exampleKey);
        run(
                "api-doc-examples",
                CLIENTS.resolve("python"),
                environment,
                PYTHON.toString(),
                "-m",
                "unittest",
                "-v",
                "api_doc_examples");
    }

    @Test
    void nodeGrpcJsPassesItsSuite() throws IOException {
        assertTrue(
                Files.isDirectory(CLIENTS.resolve("node_modules/@grpc/grpc-js")),
                "npm ci in src/interop is needed" + INSTALL);
        run("node-grpc-js", CLIENTS, clientEnvironment(), "node", "--test", "node/");
    }

    /** Redocly's recommended rules, every warning an error (src/interop/redocly.yaml), on the document as served. */
    @Test
    void servedOpenApiPassesRedoclyLint() throws IOException {
        assertTrue(
                Files.isExecutable(CLIENTS.resolve("node_modules/.bin/redocly")),
                "npm ci in src/interop is needed" + INSTALL);
        Api.Response served = new Api(server.uri()).send("GET", "/openapi", Map.of(), null);
        assertEquals(200, served.status(), served.toString());
        Path document = work.resolve("openapi.yaml");
        Files.writeString(document, served.body());
        Map<String, String> environment = new HashMap<>();
        environment.put("REDOCLY_TELEMETRY", "off");
        environment.put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        run(
                "redocly-lint",
                CLIENTS,
                environment,
                CLIENTS.resolve("node_modules/.bin/redocly").toString(),
                "lint",
                "--config",
                "redocly.yaml",
                "--format",
                "stylish",
                document.toString());
    }

    /**
     * A Java client generated from our OpenAPI document (openapi-generator, {@code native} library; see server/pom.xml)
     * creates a session and sends every message type the server knows. Its JSON mapper refuses properties the
     * document does not declare, so an undocumented response field fails here too.
     */
    @Test
    void generatedJavaClientSendsEveryMessageType() throws ApiException {
        ApiClient client = new ApiClient();
        client.updateBaseUri(server.uri().toString());
        client.setObjectMapper(
                ApiClient.createDefaultObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        client.setRequestInterceptor(request -> request.header("X-API-Key", key));
        SessionsApi sessions = new SessionsApi(client);
        MessagesApi messages = new MessagesApi(client);

        ApiException missing = assertThrows(ApiException.class, () -> sessions.getSessionStatus("generated"));
        assertEquals(404, missing.getCode());
        assertEquals(
                ErrorResponse.CodeEnum.SESSION_NOT_FOUND,
                errorOf(client, missing).getCode());

        CreatedSession created = sessions.createSession(
                new CreateSessionRequest().sessionId("generated").name("Generated"));
        assertTrue(created.getIsNew());
        awaitStatus(sessions, SessionStatus.QR_READY);
        new SandboxApi(client).sandboxScan("generated", new SandboxScanRequest().phoneNumber("919800000021"));
        assertEquals("919800000021", awaitStatus(sessions, SessionStatus.READY).getPhoneNumber());

        List<String> sent = new ArrayList<>();
        String firstText = null;
        for (String type : MessageType.wireNames()) {
            SendRequest request = message(TypeEnum.fromValue(type), firstText); // throws for a type the document lacks
            SendResult result = messages.sendMessage("generated", request, null);
            assertTrue(result.getSuccess());
            sent.add(result.getMessageId());
            firstText = firstText == null ? result.getMessageId() : firstText;
        }

        MessagePage page = messages.listMessages(1, 100, "generated", Direction.OUTGOING, null);
        assertEquals(MessageType.wireNames().size(), page.getTotal().intValue());
        Map<String, String> typeById = new HashMap<>();
        for (LoggedMessage m : page.getMessages()) {
            typeById.put(m.getMessageId(), m.getType());
        }
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(MessageType.wireNames().get(i), typeById.get(sent.get(i)));
        }
    }

    /** One message of each type, built with the generated model only; {@code reactTo} is a text sent before. */
    private static SendRequest message(TypeEnum type, String reactTo) {
        SendRequest request = new SendRequest().to("919800000022").type(type);
        return switch (type) {
            case TEXT ->
                request.header("Generated")
                        .message("Sent through openapi-generator's client")
                        .footer("Interop");
            case IMAGE -> request.mediaBase64(base64(MediaFiles.jpeg())).message("An image");
            case VIDEO -> request.mediaBase64(base64(MediaFiles.mp4())).message("A video");
            case DOCUMENT ->
                request.mediaBase64(base64(MediaFiles.pdf()))
                        .mediaMimeType("application/pdf")
                        .fileName("order.pdf");
            case AUDIO -> request.mediaBase64(base64(MediaFiles.oggOpus()));
            case STICKER -> request.mediaBase64(base64(MediaFiles.webp()));
            case POLL ->
                request.message("Lunch?")
                        .options(new LinkedHashSet<>(List.of("Pizza", "Salad")))
                        .selectableCount(1);
            case LOCATION ->
                request.latitude(new BigDecimal("12.9716"))
                        .longitude(new BigDecimal("77.5946"))
                        .name("Head office");
            case CONTACT ->
                request.contacts(List.of(new SingleSendFieldsContactsInner()
                        .name("Asha Rao")
                        .phones(List.of("+91 98765 43210"))
                        .org("Rao & Sons")));
            case REACTION -> request.messageId(reactTo).emoji("👍");
        };
    }

    private static Session awaitStatus(SessionsApi sessions, SessionStatus wanted) throws ApiException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Session session = sessions.getSessionStatus("generated");
            if (session.getStatus() == wanted) {
                return session;
            }
            assertFalse(System.nanoTime() > deadline, "session never became " + wanted + ": " + session);
            sleep(50);
        }
    }

    private static ErrorResponse errorOf(ApiClient client, ApiException e) {
        try {
            return client.getObjectMapper().readValue(e.getResponseBody(), ErrorResponse.class);
        } catch (IOException notTheErrorShape) {
            throw new AssertionError("not an ErrorResponse: " + e.getResponseBody(), notTheErrorShape);
        }
    }

    private Map<String, String> clientEnvironment() throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put(
                "WAPI_GRPC_TARGET", server.uri().getHost() + ":" + server.uri().getPort());
        environment.put("WAPI_BASE_URL", server.uri().toString());
        environment.put("WAPI_KEY", key);
        environment.put("WAPI_PROTO_PATH", protos().toString());
        return environment;
    }

    /** The .proto files from the test classpath (our stubs jar, grpc-services, common protos, protobuf-java). */
    private Path protos() throws IOException {
        Path dir = work.resolve("proto");
        for (String name : PROTOS) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
                assertTrue(in != null, name + " is not on the test classpath");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /** Runs a client to its end (at most {@link #CLIENT_TIMEOUT}); its output goes to target/interop/NAME.log and into a failure. */
    private void run(String name, Path directory, Map<String, String> environment, String... command)
            throws IOException {
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        Process process = builder.start();
        boolean ended;
        try {
            ended = process.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (!ended) {
            process.destroyForcibly();
            fail(name + " did not finish within " + CLIENT_TIMEOUT + ":\n" + Files.readString(log));
        }
        assertEquals(0, process.exitValue(), name + " failed (" + log + "):\n" + Files.readString(log));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
