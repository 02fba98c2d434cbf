package cloud.wapiconnect.config;

import cloud.wapiconnect.logging.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Typed, validated server configuration. Every setting is an environment variable that can also be
 * given as a MicroProfile config property of the same name; defaults live in
 * {@code META-INF/microprofile-config.properties}. Built once at start-up: an invalid value stops the
 * server with a message that names the setting.
 *
 * @param port                  {@code WAPI_PORT}: HTTP and gRPC port
 * @param adminKey              {@code WAPI_ADMIN_KEY}: operator key; empty means generate one into the data directory
 * @param dataDir               {@code WAPI_DATA_DIR}: embedded database, generated keys
 * @param dbUrl                 {@code WAPI_DB_URL}: MariaDB JDBC URL; empty means the embedded H2 file database
 * @param dbUser                {@code WAPI_DB_USER}
 * @param dbPassword            {@code WAPI_DB_PASSWORD}
 * @param dbPoolSize            {@code WAPI_DB_POOL_SIZE}: database connections the server keeps at most
 * @param engine                {@code WAPI_ENGINE}: which WhatsApp engine runs the sessions
 * @param allowPrivateNetworks  {@code WAPI_ALLOW_PRIVATE_NETWORKS}: let server-side requests (webhooks, media URLs, link
 *                              previews) reach loopback, private-use networks and this server's own interface
 *                              addresses; never 0.0.0.0/8, link-local, metadata, multicast or reserved blocks
 * @param maxBodyBytes          {@code WAPI_MAX_BODY_BYTES}: largest request body accepted
 * @param bulkMaxRecipients     {@code WAPI_BULK_MAX_RECIPIENTS}: most recipients one bulk job may have
 * @param media                 media limits and fetch timeouts
 * @param sandbox               sandbox engine timings
 * @param webhooks              webhook delivery timeouts and retries
 * @param bridge                the WhatsApp engine's bridge process and its deadlines
 * @param events                event log retention and event stream tuning
 * @param portal                the tenant portal: its public address, cookies and outgoing mail
 * @param http                  how long a client may take to send a request, and how many connections are served
 */
public record WapiConfig(
        int port,
        Optional<String> adminKey,
        Path dataDir,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        EngineKind engine,
        boolean allowPrivateNetworks,
        long maxBodyBytes,
        int bulkMaxRecipients,
        MediaConfig media,
        SandboxConfig sandbox,
        WebhookConfig webhooks,
        BridgeConfig bridge,
        EventConfig events,
        PortalConfig portal,
        HttpConfig http) {

    /**
     * The HTTP port's protection against clients that hold connections without using them (and so the
     * process's open files): each timeout closes the connection without an answer.
     *
     * @param headerTimeout   {@code WAPI_HTTP_HEADER_TIMEOUT_MS}: from a request's first byte to the end of its
     *                        headers (an HTTP/1.1 request; HTTP/2 is framed and left to its idle timeout)
     * @param bodyTimeout     {@code WAPI_HTTP_BODY_TIMEOUT_MS}: the longest pause while a request body is being sent
     * @param bodyMinRate     {@code WAPI_HTTP_BODY_MIN_BYTES_PER_SECOND}: a body still arriving after
     *                        {@code bodyTimeout} must have averaged at least this; 0 turns the check off
     * @param idleTimeout     {@code WAPI_HTTP_IDLE_TIMEOUT_MS}: a connection that is not sending a request (a new one,
     *                        or a kept-alive one between requests; an HTTP/2 one with no open stream) is closed
     *                        after this; streams and responses in progress never count as idle
     * @param maxConnections  {@code WAPI_HTTP_MAX_CONNECTIONS}: connections served at once; more wait in the
     *                        listen backlog until one closes. 0 means half the process's open-file limit, at
     *                        most 10,000
     */
    public record HttpConfig(
            Duration headerTimeout, Duration bodyTimeout, long bodyMinRate, Duration idleTimeout, int maxConnections) {
        static HttpConfig from(Config config) {
            long minRate = read(
                    config,
                    "WAPI_HTTP_BODY_MIN_BYTES_PER_SECOND",
                    Long::parseLong,
                    "a number of bytes, 0 for no minimum");
            require(
                    minRate >= 0,
                    "WAPI_HTTP_BODY_MIN_BYTES_PER_SECOND",
                    String.valueOf(minRate),
                    "a number of bytes, 0 for no minimum");
            int maxConnections = read(
                    config, "WAPI_HTTP_MAX_CONNECTIONS", Integer::parseInt, "a number of connections, 0 for automatic");
            require(
                    maxConnections >= 0,
                    "WAPI_HTTP_MAX_CONNECTIONS",
                    String.valueOf(maxConnections),
                    "a number of connections, 0 for automatic");
            return new HttpConfig(
                    Duration.ofMillis(positive(config, "WAPI_HTTP_HEADER_TIMEOUT_MS")),
                    Duration.ofMillis(positive(config, "WAPI_HTTP_BODY_TIMEOUT_MS")),
                    minRate,
                    Duration.ofMillis(positive(config, "WAPI_HTTP_IDLE_TIMEOUT_MS")),
                    maxConnections);
        }
    }

    /**
     * The tenant portal ({@code /portal}).
     *
     * @param publicUrl      {@code WAPI_PUBLIC_URL}: the address users reach the server at, for links in emails
     *                       (never taken from a request's Host header, which a caller controls); default
     *                       {@code http://localhost:WAPI_PORT}
     * @param secureCookies  {@code WAPI_PORTAL_SECURE_COOKIES}: mark the login cookie {@code Secure} (browsers still
     *                       send it to {@code http://localhost}); turn off only for plain HTTP on another host
     * @param sessionTtl     {@code WAPI_PORTAL_SESSION_HOURS}: how long a login lasts
     * @param mail           outgoing mail; without {@code WAPI_SMTP_HOST} mails are written to the server log
     */
    public record PortalConfig(String publicUrl, boolean secureCookies, Duration sessionTtl, MailConfig mail) {
        /** @param port {@code WAPI_PORT}, for the default public URL */
        static PortalConfig from(Config config, int port) {
            String publicUrl = config.getOptionalValue("WAPI_PUBLIC_URL", String.class)
                    .orElse("")
                    .trim();
            if (publicUrl.isEmpty()) {
                publicUrl = "http://localhost:" + port;
            }
            require(
                    publicUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?"),
                    "WAPI_PUBLIC_URL",
                    publicUrl,
                    "an http(s) URL such as https://wapi.example.com");
            String secure = config.getOptionalValue("WAPI_PORTAL_SECURE_COOKIES", String.class)
                    .orElse("true")
                    .trim();
            require(
                    secure.equalsIgnoreCase("true") || secure.equalsIgnoreCase("false"),
                    "WAPI_PORTAL_SECURE_COOKIES",
                    secure,
                    "true or false");
            MailConfig mail = MailConfig.from(config);
            return new PortalConfig(
                    publicUrl.replaceAll("/+$", ""),
                    Boolean.parseBoolean(secure),
                    Duration.ofHours(positive(config, "WAPI_PORTAL_SESSION_HOURS")),
                    mail);
        }
    }

    /**
     * SMTP for the portal's mails (verification, password reset).
     *
     * @param host     {@code WAPI_SMTP_HOST}: empty means no SMTP: mails go to the server log, marked as such
     * @param port     {@code WAPI_SMTP_PORT}
     * @param user     {@code WAPI_SMTP_USER}: empty for no authentication
     * @param password {@code WAPI_SMTP_PASSWORD}
     * @param tls      {@code WAPI_SMTP_TLS}: {@code starttls} (required), {@code tls} (implicit, port 465) or {@code none}
     * @param from     {@code WAPI_SMTP_FROM}: the sender address
     */
    public record MailConfig(Optional<String> host, int port, String user, String password, MailTls tls, String from) {
        static MailConfig from(Config config) {
            String host = config.getOptionalValue("WAPI_SMTP_HOST", String.class)
                    .orElse("")
                    .trim();
            String tls = config.getOptionalValue("WAPI_SMTP_TLS", String.class)
                    .orElse("starttls")
                    .trim();
            MailTls mailTls = switch (tls.toLowerCase()) {
                case "none" -> MailTls.NONE;
                case "starttls" -> MailTls.STARTTLS;
                case "tls" -> MailTls.TLS;
                default -> throw new InvalidConfigurationException("WAPI_SMTP_TLS", tls, "one of: starttls, tls, none");
            };
            String from = config.getOptionalValue("WAPI_SMTP_FROM", String.class)
                    .orElse("")
                    .trim();
            require(!from.isEmpty() && from.contains("@"), "WAPI_SMTP_FROM", from, "an email address");
            return new MailConfig(
                    host.isEmpty() ? Optional.empty() : Optional.of(host),
                    (int) positive(config, "WAPI_SMTP_PORT"),
                    config.getOptionalValue("WAPI_SMTP_USER", String.class)
                            .orElse("")
                            .trim(),
                    config.getOptionalValue("WAPI_SMTP_PASSWORD", String.class).orElse(""),
                    mailTls,
                    from);
        }
    }

    public enum MailTls {
        NONE,
        STARTTLS,
        TLS
    }

    /** The engines this build can run. */
    public enum EngineKind {
        SANDBOX,
        WHATSAPP;

        /** {@code WAPI_ENGINE}, default {@code sandbox}. */
        static EngineKind from(Config config) {
            String engine = config.getOptionalValue("WAPI_ENGINE", String.class)
                    .orElse("sandbox")
                    .trim();
            return switch (engine.toLowerCase()) {
                case "sandbox" -> SANDBOX;
                case "whatsapp" -> WHATSAPP;
                default -> throw new InvalidConfigurationException("WAPI_ENGINE", engine, "one of: sandbox, whatsapp");
            };
        }
    }

    /**
     * The {@code whatsapp} engine: a Node.js bridge process hosting Baileys, started and supervised by the server.
     *
     * @param dir              {@code WAPI_BRIDGE_DIR}: the bridge's directory ({@code bridge.js} and its
     *                         {@code node_modules})
     * @param node             {@code WAPI_BRIDGE_NODE}: the Node.js executable (20 or newer)
     * @param callTimeout      {@code WAPI_BRIDGE_CALL_TIMEOUT_MS}: deadline of every control call to the bridge
     *                         (start, stop, pairing code, health check)
     * @param sendTimeout      {@code WAPI_BRIDGE_SEND_TIMEOUT_MS}: deadline of one send, media upload included
     * @param connectTimeout   {@code WAPI_BRIDGE_CONNECT_TIMEOUT_MS}: how long one attempt to reach WhatsApp may take
     *                         before the session counts as disconnected
     * @param reconnectMin     {@code WAPI_BRIDGE_RECONNECT_MIN_MS}: first pause before reconnecting a dropped session
     * @param reconnectMax     {@code WAPI_BRIDGE_RECONNECT_MAX_MS}: the pause doubles up to this
     * @param healthInterval   {@code WAPI_BRIDGE_HEALTH_INTERVAL_MS}: how often the bridge is pinged
     * @param startTimeout     {@code WAPI_BRIDGE_START_TIMEOUT_MS}: how long a starting bridge may take to listen
     * @param websocketUrl     {@code WAPI_BRIDGE_WS_URL}: WhatsApp Web's address; empty for the real one (tests only)
     * @param mediaRetention   {@code WAPI_BRIDGE_MEDIA_RETENTION_DAYS}: how long the keys to download an incoming
     *                         message's media are kept (WhatsApp's media servers keep the files for about as long),
     *                         and the secrets that decrypt votes on the polls a session sent
     * @param masterKey        {@code WAPI_MASTER_KEY}: base64 of 32 bytes that encrypt the auth state at rest; empty
     *                         means a key generated into the data directory (embedded database only)
     * @param staleAfter       {@code WAPI_ENGINE_STALE_MS}: a socket with no frame for this long is closed and reconnected
     * @param waVersion        {@code WAPI_WA_VERSION}: the WhatsApp Web version to announce; empty: the bridge asks
     *                         WhatsApp Web for the current one at start
     * @param processes        {@code WAPI_BRIDGE_PROCESSES}: how many bridge processes share this node's sessions
     *                         (each session runs on one of them; each is supervised on its own)
     */
    public record BridgeConfig(
            Path dir,
            String node,
            Duration callTimeout,
            Duration sendTimeout,
            Duration connectTimeout,
            Duration reconnectMin,
            Duration reconnectMax,
            Duration healthInterval,
            Duration startTimeout,
            Optional<String> websocketUrl,
            Duration mediaRetention,
            Optional<byte[]> masterKey,
            Duration staleAfter,
            Optional<String> waVersion,
            int processes) {
        /** The most bridge processes one node runs: more than its cores gains nothing, and the label stays small. */
        public static final int MAX_PROCESSES = 16;

        /**
         * @param engine   {@code WAPI_ENGINE}: the whatsapp engine needs a master key on MariaDB
         * @param embedded whether the database is the embedded one
         */
        static BridgeConfig from(Config config, EngineKind engine, boolean embedded) {
            String masterKey = config.getOptionalValue("WAPI_MASTER_KEY", String.class)
                    .orElse("")
                    .trim();
            Optional<byte[]> key = Optional.empty();
            if (!masterKey.isEmpty()) {
                try {
                    key = Optional.of(java.util.Base64.getDecoder().decode(masterKey));
                } catch (IllegalArgumentException e) {
                    key = Optional.of(new byte[0]);
                }
                require(
                        key.get().length == 32,
                        "WAPI_MASTER_KEY",
                        "(hidden)",
                        "base64 of 32 random bytes (openssl rand -base64 32)");
            } else if (engine == EngineKind.WHATSAPP && !embedded) {
                // A generated key lives on one machine's disk; a shared database needs the same key on every node.
                throw new InvalidConfigurationException(
                        "WAPI_MASTER_KEY",
                        "(unset)",
                        "base64 of 32 random bytes (openssl rand -base64 32): required with WAPI_ENGINE=whatsapp on MariaDB");
            }
            String node = config.getOptionalValue("WAPI_BRIDGE_NODE", String.class)
                    .orElse("node")
                    .trim();
            require(!node.isEmpty(), "WAPI_BRIDGE_NODE", node, "the Node.js executable");
            String wsUrl = config.getOptionalValue("WAPI_BRIDGE_WS_URL", String.class)
                    .orElse("")
                    .trim();
            require(
                    wsUrl.isEmpty() || wsUrl.startsWith("ws://") || wsUrl.startsWith("wss://"),
                    "WAPI_BRIDGE_WS_URL",
                    wsUrl,
                    "a ws:// or wss:// URL, or empty for WhatsApp Web");
            String waVersion = config.getOptionalValue("WAPI_WA_VERSION", String.class)
                    .orElse("")
                    .trim();
            require(
                    waVersion.isEmpty() || waVersion.matches("\\d+\\.\\d+\\.\\d+"),
                    "WAPI_WA_VERSION",
                    waVersion,
                    "a WhatsApp Web version such as 2.3000.1023223821, or empty to ask WhatsApp Web at start");
            Duration reconnectMin = Duration.ofMillis(positive(config, "WAPI_BRIDGE_RECONNECT_MIN_MS"));
            Duration reconnectMax = Duration.ofMillis(positive(config, "WAPI_BRIDGE_RECONNECT_MAX_MS"));
            require(
                    reconnectMax.compareTo(reconnectMin) >= 0,
                    "WAPI_BRIDGE_RECONNECT_MAX_MS",
                    String.valueOf(reconnectMax.toMillis()),
                    "at least WAPI_BRIDGE_RECONNECT_MIN_MS");
            return new BridgeConfig(
                    read(config, "WAPI_BRIDGE_DIR", Path::of, "a directory path"),
                    node,
                    Duration.ofMillis(positive(config, "WAPI_BRIDGE_CALL_TIMEOUT_MS")),
                    Duration.ofMillis(positive(config, "WAPI_BRIDGE_SEND_TIMEOUT_MS")),
                    Duration.ofMillis(positive(config, "WAPI_BRIDGE_CONNECT_TIMEOUT_MS")),
                    reconnectMin,
                    reconnectMax,
                    Duration.ofMillis(positive(config, "WAPI_BRIDGE_HEALTH_INTERVAL_MS")),
                    Duration.ofMillis(positive(config, "WAPI_BRIDGE_START_TIMEOUT_MS")),
                    wsUrl.isEmpty() ? Optional.empty() : Optional.of(wsUrl),
                    Duration.ofDays(positive(config, "WAPI_BRIDGE_MEDIA_RETENTION_DAYS")),
                    key,
                    WapiConfig.staleAfter(config),
                    waVersion.isEmpty() ? Optional.empty() : Optional.of(waVersion),
                    processes(config));
        }

        private static int processes(Config config) {
            String expected = "a number of bridge processes from 1 to " + MAX_PROCESSES;
            int processes = read(config, "WAPI_BRIDGE_PROCESSES", Integer::parseInt, expected);
            require(
                    processes >= 1 && processes <= MAX_PROCESSES,
                    "WAPI_BRIDGE_PROCESSES",
                    String.valueOf(processes),
                    expected);
            return processes;
        }
    }

    /**
     * Timings of the simulated WhatsApp network.
     *
     * @param qrInterval      how long one QR code is shown before the next replaces it (WhatsApp: about 20 s)
     * @param qrMaxCodes      how many QR codes are shown before the session gives up with {@code qr_timeout}
     * @param reconnectDelay  how long a dropped connection takes to come back
     * @param ackDelay        delay between the sent, delivered and read acks
     * @param staleAfter      {@code WAPI_ENGINE_STALE_MS}: a connection that received nothing for this long is dead
     *                        (its watchdog reconnects it with reason {@code stale})
     */
    public record SandboxConfig(
            Duration qrInterval, int qrMaxCodes, Duration reconnectDelay, Duration ackDelay, Duration staleAfter) {
        static SandboxConfig from(Config config) {
            return new SandboxConfig(
                    Duration.ofMillis(positive(config, "WAPI_SANDBOX_QR_INTERVAL_MS")),
                    (int) positive(config, "WAPI_SANDBOX_QR_MAX_CODES"),
                    Duration.ofMillis(positive(config, "WAPI_SANDBOX_RECONNECT_DELAY_MS")),
                    Duration.ofMillis(positive(config, "WAPI_SANDBOX_ACK_DELAY_MS")),
                    WapiConfig.staleAfter(config));
        }
    }

    /** {@code WAPI_ENGINE_STALE_MS}: at least 200 ms (tests use short ones; production keeps tens of seconds). */
    static Duration staleAfter(Config config) {
        long ms = positive(config, "WAPI_ENGINE_STALE_MS");
        require(ms >= 200, "WAPI_ENGINE_STALE_MS", String.valueOf(ms), "at least 200 (ms)");
        return Duration.ofMillis(ms);
    }

    /**
     * The event log and its subscribers.
     *
     * @param retention     {@code WAPI_EVENT_RETENTION_DAYS}: how long the log keeps events (and so how far back a
     *                      stream can resume)
     * @param heartbeat     {@code WAPI_EVENT_HEARTBEAT_MS}: an idle stream gets a heartbeat this often, so that
     *                      proxies do not close it
     * @param bufferSize    {@code WAPI_EVENT_BUFFER}: events one subscriber may have waiting; one more and its
     *                      stream is closed as too slow (it resumes from its last id)
     * @param gapGrace      {@code WAPI_EVENT_GAP_GRACE_MS}: how long a missing id in the log is waited for before it
     *                      is passed (ids commit in order without holes: only ids skipped after a crash of the embedded
     *                      database, or a log written before schema version 18, can be missing)
     * @param pollInterval  {@code WAPI_EVENT_POLL_MS}: how often the log is read for events written by other nodes
     *                      (its own events wake the feed at once)
     * @param slowConsumer  {@code WAPI_EVENT_SLOW_CONSUMER_MS}: how long a stream may have an event (or heartbeat)
     *                      its client's flow-control window does not take before it is closed as too slow, so a
     *                      subscriber that stops reading is told even when too few events come to fill its buffer
     *                      (under 15 s, when the transport would give up on the write)
     */
    public record EventConfig(
            Duration retention,
            Duration heartbeat,
            int bufferSize,
            Duration gapGrace,
            Duration pollInterval,
            Duration slowConsumer) {
        static EventConfig from(Config config) {
            return new EventConfig(
                    Duration.ofDays(positive(config, "WAPI_EVENT_RETENTION_DAYS")),
                    Duration.ofMillis(positive(config, "WAPI_EVENT_HEARTBEAT_MS")),
                    (int) positive(config, "WAPI_EVENT_BUFFER"),
                    Duration.ofMillis(positive(config, "WAPI_EVENT_GAP_GRACE_MS")),
                    Duration.ofMillis(positive(config, "WAPI_EVENT_POLL_MS")),
                    Duration.ofMillis(slowConsumerMillis(config)));
        }

        private static long slowConsumerMillis(Config config) {
            long value = positive(config, "WAPI_EVENT_SLOW_CONSUMER_MS");
            // The transport gives up on a write the client takes nothing of after 15 s, without telling it.
            require(
                    value < 15_000,
                    "WAPI_EVENT_SLOW_CONSUMER_MS",
                    String.valueOf(value),
                    "less than 15000 (HTTP/2 writes are given up after 15 s)");
            return value;
        }
    }

    /**
     * Media limits ({@code WAPI_MEDIA_MAX_*_BYTES}; {@code media.MediaKind} says which applies to which kind)
     * and how long fetching a {@code mediaUrl} may take.
     */
    public record MediaConfig(
            long maxImageBytes,
            long maxVideoBytes,
            long maxAudioBytes,
            long maxDocumentBytes,
            Duration connectTimeout,
            Duration fetchTimeout) {
        static MediaConfig from(Config config) {
            return new MediaConfig(
                    positive(config, "WAPI_MEDIA_MAX_IMAGE_BYTES"),
                    positive(config, "WAPI_MEDIA_MAX_VIDEO_BYTES"),
                    positive(config, "WAPI_MEDIA_MAX_AUDIO_BYTES"),
                    positive(config, "WAPI_MEDIA_MAX_DOCUMENT_BYTES"),
                    Duration.ofMillis(positive(config, "WAPI_MEDIA_CONNECT_TIMEOUT_MS")),
                    Duration.ofMillis(positive(config, "WAPI_MEDIA_FETCH_TIMEOUT_MS")));
        }
    }

    /**
     * Webhook delivery: {@code WAPI_WEBHOOK_TIMEOUT_MS} for one call (a 2xx within it is success),
     * retries with exponential backoff and jitter from {@code WAPI_WEBHOOK_RETRY_INITIAL_MS} up to
     * {@code WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS} between tries, for {@code WAPI_WEBHOOK_RETRY_WINDOW_MS}
     * after the event (then the delivery is dead), and at most {@code WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT}
     * calls in flight to one endpoint.
     */
    public record WebhookConfig(
            Duration timeout,
            Duration retryInitial,
            Duration retryMaxInterval,
            Duration retryWindow,
            int concurrencyPerEndpoint) {
        static WebhookConfig from(Config config) {
            return new WebhookConfig(
                    Duration.ofMillis(positive(config, "WAPI_WEBHOOK_TIMEOUT_MS")),
                    Duration.ofMillis(positive(config, "WAPI_WEBHOOK_RETRY_INITIAL_MS")),
                    Duration.ofMillis(positive(config, "WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS")),
                    Duration.ofMillis(positive(config, "WAPI_WEBHOOK_RETRY_WINDOW_MS")),
                    (int) positive(config, "WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT"));
        }
    }

    /** The embedded database's file name in the data directory, before H2's suffixes ({@code wapi.mv.db}). */
    public static final String EMBEDDED_DATABASE_NAME = "wapi";

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /**
     * The JDBC URL to use: {@code WAPI_DB_URL}, or the embedded H2 file database in MariaDB mode.
     * <p>
     * {@code WRITE_DELAY=0}: H2 otherwise writes commits to its file up to 500 ms later, from a background
     * thread, so a process killed in that time lost writes the API had already acknowledged. With 0 every
     * commit is written to the file before it returns (not fsynced: it survives the process, not the
     * machine). {@code DB_CLOSE_ON_EXIT=FALSE}: H2 does not close the database from its own shutdown hook,
     * which would race the server's ordered shutdown (workers stop first): closing the pool closes it.
     */
    public String jdbcUrl() {
        return dbUrl.orElseGet(
                () -> "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(EMBEDDED_DATABASE_NAME)
                        + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    /**
     * Reads and validates the configuration, each section by its own {@code from}; throws
     * {@link InvalidConfigurationException} naming the bad setting.
     */
    public static WapiConfig from(Config config) {
        int port = read(config, "WAPI_PORT", Integer::parseInt, "an integer port 0..65535");
        require(port >= 0 && port <= 65535, "WAPI_PORT", String.valueOf(port), "an integer port 0..65535");
        String dbUrl =
                config.getOptionalValue("WAPI_DB_URL", String.class).orElse("").trim();
        if (!dbUrl.isEmpty() && !dbUrl.startsWith("jdbc:mariadb:") && !dbUrl.startsWith("jdbc:mysql:")) {
            throw new InvalidConfigurationException(
                    "WAPI_DB_URL",
                    dbUrl,
                    "a MariaDB JDBC URL (jdbc:mariadb://host:3306/db) or empty for the embedded database");
        }
        EngineKind kind = EngineKind.from(config);
        String adminKey = config.getOptionalValue("WAPI_ADMIN_KEY", String.class)
                .orElse("")
                .trim();
        if (!adminKey.isEmpty() && adminKey.length() < 16) {
            throw new InvalidConfigurationException(
                    "WAPI_ADMIN_KEY", "(hidden)", "at least 16 characters, or unset to generate one");
        }
        String privateNets = config.getOptionalValue("WAPI_ALLOW_PRIVATE_NETWORKS", String.class)
                .orElse("false")
                .trim();
        require(
                privateNets.equalsIgnoreCase("true") || privateNets.equalsIgnoreCase("false"),
                "WAPI_ALLOW_PRIVATE_NETWORKS",
                privateNets,
                "true or false");
        // Logging reads it itself (it starts first); checked here so that a wrong value stops the server.
        String logFormat =
                config.getOptionalValue(LogFormat.SETTING, String.class).orElse("");
        try {
            LogFormat.parse(logFormat);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(LogFormat.SETTING, logFormat, e.getMessage());
        }
        long maxBody = read(config, "WAPI_MAX_BODY_BYTES", Long::parseLong, "a positive number of bytes");
        require(maxBody >= 1024, "WAPI_MAX_BODY_BYTES", String.valueOf(maxBody), "at least 1024 bytes");

        SandboxConfig sandbox = SandboxConfig.from(config);
        BridgeConfig bridge = BridgeConfig.from(config, kind, dbUrl.isEmpty());
        return new WapiConfig(
                port,
                adminKey.isEmpty() ? Optional.empty() : Optional.of(adminKey),
                read(config, "WAPI_DATA_DIR", Path::of, "a directory path"),
                dbUrl.isEmpty() ? Optional.empty() : Optional.of(dbUrl),
                config.getOptionalValue("WAPI_DB_USER", String.class).orElse(""),
                config.getOptionalValue("WAPI_DB_PASSWORD", String.class).orElse(""),
                (int) positive(config, "WAPI_DB_POOL_SIZE"),
                kind,
                Boolean.parseBoolean(privateNets),
                maxBody,
                (int) positive(config, "WAPI_BULK_MAX_RECIPIENTS"),
                MediaConfig.from(config),
                sandbox,
                WebhookConfig.from(config),
                bridge,
                EventConfig.from(config),
                PortalConfig.from(config, port),
                HttpConfig.from(config));
    }

    private static long positive(Config config, String name) {
        long value = read(config, name, Long::parseLong, "a positive integer");
        require(value > 0, name, String.valueOf(value), "a positive integer");
        return value;
    }

    private static <T> T read(Config config, String name, Function<String, T> parse, String expected) {
        String raw = config.getOptionalValue(name, String.class)
                .orElseThrow(() -> new InvalidConfigurationException(name, "(unset)", expected));
        try {
            return parse.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(name, raw, expected);
        }
    }

    private static void require(boolean ok, String name, String value, String expected) {
        if (!ok) {
            throw new InvalidConfigurationException(name, value, expected);
        }
    }
}
