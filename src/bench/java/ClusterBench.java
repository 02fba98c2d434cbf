import cloud.wapiconnect.client.EventFollower;
import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client side of src/bench/cluster.sh: one JVM for the whole run (started once, warmed up once), driven
 * by the script through its standard input, one command per line, one answer line per command on standard
 * output ({@code OK ...} or {@code FAILED reason}); progress goes to standard error. The script starts,
 * kills and restarts the server nodes; this process measures. Run with the JDK's source launcher and the
 * client library (grpc-client/target/wapi.jar and its libs/) on the class path:
 *
 * <pre>
 *   java -cp wapi.jar:libs/* ClusterBench.java ADMIN_KEY n1=http://127.0.0.1:18380 n2=... n3=...
 *
 *   setup                                   a plan without practical limits and a tenant on it -> OK tenantId
 *   ready COUNT PARALLEL                    sessions c0..c{COUNT-1}: created through the nodes in turn (the cluster
 *                                           places each on the least-loaded node), scanned, ready -> OK seconds
 *   placement                               -> OK node=held ... unplaced=N notready=N
 *   balance NODE                            moves sessions from the busiest nodes to NODE until it holds its share,
 *                                           waits until each is ready there -> OK moved seconds
 *   failover kill|term NODE PID TIMEOUT_S   SIGKILL or SIGTERM to the node's process; waits until every session it
 *                                           held is ready on another node (its ready event) -> OK held p50_ms max_ms
 *                                           exit_ms missing wrong_owner not_ready
 *   sends OWNER OTHER SESSIONS CONCURRENCY SECONDS RUNS WARMUP_S
 *                                           closed loop of POST /send on sessions OWNER holds, sent to OWNER and to
 *                                           OTHER in alternating runs -> OK owner/s other/s ratio owner_p50 owner_p99
 *                                           other_p50 other_p99 errors
 *   latency OWNER OTHER RATE SECONDS RUNS   incoming messages injected on OWNER at a fixed rate; a gRPC follower on
 *                                           OWNER and one on OTHER -> OK same_p50 same_p99 same_max cross_p50
 *                                           cross_p99 cross_max lost
 *   throughput INJECTORS SECONDS RUNS GRACE_MS
 *                                           closed loop of injections, each on its session's owner, over sessions of
 *                                           every node; a follower on every node -> OK events/s p50 p99 max
 *                                           over_half_grace lost conflicts(503/5xx)
 *   quit
 * </pre>
 *
 * Latencies of events are end to end in this JVM's clock: each injected body carries System.nanoTime() taken
 * just before its request, each follower records its receipt minus that. Failover times come from the ready
 * event's own timestamp (the database transaction on the node that took the session over; the nodes run on this
 * machine, so their clock is this one) minus the wall-clock time just before the signal.
 */
public final class ClusterBench {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    static String adminKey;
    /** Node id -> base URL, in the order given. */
    static final Map<String, String> NODES = new LinkedHashMap<>();

    static String tenantId;
    static String apiKey;
    static int sessionCount;

    record Response(int status, String body) {}

    /** A session and where it runs, from GET /api/admin/sessions. */
    record Placement(String sessionId, String status, String node) {}

    public static void main(String[] args) throws Exception {
        adminKey = args[0];
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            NODES.put(kv[0], kv[1]);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("READY");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.trim().split("\\s+");
            if (a[0].isEmpty()) {
                continue;
            }
            if (a[0].equals("quit")) {
                break;
            }
            String answer;
            try {
                answer = "OK " + run(a);
            } catch (Exception e) {
                e.printStackTrace();
                answer = "FAILED " + String.valueOf(e.getMessage()).replace('\n', ' ');
            }
            System.out.println(answer);
            System.out.flush();
        }
        System.exit(0);
    }

    static String run(String[] a) throws Exception {
        return switch (a[0]) {
            case "setup" -> setup();
            case "ready" -> ready(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
            case "placement" -> placementSummary();
            case "balance" -> balance(a[1]);
            case "failover" -> failover(a[1], a[2], Long.parseLong(a[3]), Integer.parseInt(a[4]));
            case "sends" -> sends(a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]),
                    Integer.parseInt(a[6]), Integer.parseInt(a[7]));
            case "latency" -> latency(a[1], a[2], Double.parseDouble(a[3]), Integer.parseInt(a[4]),
                    Integer.parseInt(a[5]));
            case "throughput" -> throughput(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]),
                    Long.parseLong(a[4]));
            default -> throw new IllegalArgumentException("unknown command " + a[0]);
        };
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "  " + format + "%n", args);
    }

    // --- set-up ----------------------------------------------------------------------------------------------

    static String setup() throws Exception {
        String base = NODES.values().iterator().next();
        ok(base, "PUT", "/api/admin/plans/benchcluster", "X-Admin-Key", adminKey,
                "{\"name\":\"benchcluster\",\"maxSessions\":100000,\"dailyMessageLimit\":1000000000,"
                        + "\"maxBulkSendsPerSecond\":1000}");
        JsonObject created = json(ok(base, "POST", "/api/admin/tenants", "X-Admin-Key", adminKey,
                "{\"name\":\"Cluster bench\",\"email\":\"cluster-bench@example.com\",\"plan\":\"benchcluster\"}"));
        tenantId = created.get("tenantId").getAsString();
        apiKey = created.get("apiKey").getAsString();
        return tenantId;
    }

    /** Creates and links sessions c{from}..c{count-1}, spreading the calls over the nodes. */
    static String ready(int count, int parallel) throws Exception {
        long t0 = System.nanoTime();
        List<String> bases = List.copyOf(NODES.values());
        AtomicInteger next = new AtomicInteger(sessionCount);
        int end = sessionCount + count;
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < parallel; w++) {
                work.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < end) {
                        String base = bases.get(i % bases.size());
                        String id = "c" + i;
                        ok(base, "POST", "/api/whatsapp/session", "X-API-Key", apiKey,
                                "{\"sessionId\":\"" + id + "\"}");
                        awaitStatus(base, id, "qr_ready");
                        link(bases.get((i + 1) % bases.size()), base, id, "9197" + String.format("%08d", i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        sessionCount = end;
        awaitSteady(120);
        return String.format(Locale.ROOT, "%.1f %d %d", (System.nanoTime() - t0) / 1e9, RESCANS.sumThenReset(),
                MOVING_RETRIES.sumThenReset());
    }

    /** Calls answered 503 SESSION_MOVING and made again. */
    static final LongAdder MOVING_RETRIES = new LongAdder();

    /** Scans that had to be made again: the session moved to another node while it waited for its scan. */
    static final LongAdder RESCANS = new LongAdder();

    /**
     * Scans the session's QR code through {@code via} and waits until it is ready. A session the cluster moves
     * to another node while it waits for the scan (the rebalancer, when sessions were created faster than the
     * nodes' load counts caught up) comes back with a new QR code there, and the scan made on the old node is
     * lost: the phone scans again, as a user would, and it is counted.
     */
    static void link(String via, String base, String session, String phone) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Response scan = call(via, "POST", "/api/sandbox/session/" + session + "/scan", "X-API-Key", apiKey,
                    "{\"phoneNumber\":\"" + phone + "\"}");
            if (scan.status == 409 || scan.status == 503) {
                // No QR code waiting on its (new) node yet, or the session is between nodes: try again shortly.
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("session " + session + " could not be scanned: " + scan.body);
                }
                MOVING_RETRIES.increment();
                Thread.sleep(500);
                continue;
            }
            if (scan.status >= 300) {
                throw new IllegalStateException("scan of " + session + " -> " + scan.status + " " + scan.body);
            }
            long qrSince = 0;
            long downSince = 0;
            while (true) {
                Response r = call(base, "GET", "/api/whatsapp/session/" + session + "/status", "X-API-Key", apiKey, null);
                String status = r.status == 200 ? json(r.body).get("status").getAsString() : "";
                if (status.equals("ready")) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("session " + session + " not ready after 60 s: " + r.body);
                }
                qrSince = status.equals("qr_ready") ? (qrSince == 0 ? System.nanoTime() : qrSince) : 0;
                downSince = status.equals("disconnected") ? (downSince == 0 ? System.nanoTime() : downSince) : 0;
                if (qrSince != 0 && System.nanoTime() - qrSince > 2_000_000_000L) {
                    RESCANS.increment();
                    log("session %s shows a QR code again 2 s after its scan (moved while linking?): scanning again",
                            session);
                    break;
                }
                if (downSince != 0 && System.nanoTime() - downSince > 2_000_000_000L) {
                    // Its QR code was interrupted by a move: connect it again (a new QR code), then scan.
                    RESCANS.increment();
                    log("session %s disconnected while linking (moved?): connecting it again", session);
                    ok(base, "POST", "/api/whatsapp/session", "X-API-Key", apiKey, "{\"sessionId\":\"" + session + "\"}");
                    break;
                }
                Thread.sleep(50);
            }
        }
    }

    static void awaitStatus(String base, String session, String status) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Response r = call(base, "GET", "/api/whatsapp/session/" + session + "/status", "X-API-Key", apiKey, null);
            if (r.status == 200 && status.equals(json(r.body).get("status").getAsString())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("session " + session + " not " + status + " after 60 s: " + r.body);
            }
            Thread.sleep(50);
        }
    }

    static List<Placement> placement() throws Exception {
        String base = liveBase();
        List<Placement> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonObject body = json(ok(base, "GET", "/api/admin/sessions?tenantId=" + tenantId + "&limit=1000&page=" + page,
                    "X-Admin-Key", adminKey, null));
            for (JsonElement e : body.getAsJsonArray("sessions")) {
                JsonObject s = e.getAsJsonObject();
                all.add(new Placement(s.get("sessionId").getAsString(), s.get("status").getAsString(),
                        s.get("node").isJsonNull() ? null : s.get("node").getAsString()));
            }
            if (page >= body.get("pages").getAsInt()) {
                return all;
            }
        }
    }

    /** The first node that answers (one may have just been killed). */
    static String liveBase() {
        for (String base : NODES.values()) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return base;
                }
            } catch (Exception notThisOne) {
                // next
            }
        }
        throw new IllegalStateException("no node answers");
    }

    static Map<String, List<String>> byNode(List<Placement> all) {
        Map<String, List<String>> held = new LinkedHashMap<>();
        NODES.keySet().forEach(n -> held.put(n, new ArrayList<>()));
        for (Placement p : all) {
            if (p.node != null) {
                held.computeIfAbsent(p.node, n -> new ArrayList<>()).add(p.sessionId);
            }
        }
        return held;
    }

    static String placementSummary() throws Exception {
        List<Placement> all = placement();
        StringBuilder out = new StringBuilder();
        byNode(all).forEach((n, s) -> out.append(n).append('=').append(s.size()).append(' '));
        out.append("unplaced=").append(all.stream().filter(p -> p.node == null).count());
        out.append(" notready=").append(all.stream().filter(p -> !p.status.equals("ready")).count());
        return out.toString();
    }

    // --- failover and balance --------------------------------------------------------------------------------

    /** Ready events of the tenant as one follower sees them: session -> event timestamp (ms, wall clock). */
    static final class ReadyWatch implements AutoCloseable {
        final WapiClient client;
        final EventFollower follower;
        final Map<String, Long> readyAt = new ConcurrentHashMap<>();
        final Set<String> markers = ConcurrentHashMap.newKeySet();

        ReadyWatch(String base) {
            client = WapiClient.connect(target(base), apiKey);
            follower = client.follow(SubscribeRequest.newBuilder()
                    .addTypes(EventType.EVENT_TYPE_READY)
                    .addTypes(EventType.EVENT_TYPE_MESSAGE)
                    .build(), this::receive);
        }

        void receive(Event e) {
            if (e.getType() == EventType.EVENT_TYPE_MESSAGE) {
                markers.add(e.getMessage().getBody());
            } else if (e.getType() == EventType.EVENT_TYPE_READY) {
                long ms = e.getTimestamp().getSeconds() * 1000 + e.getTimestamp().getNanos() / 1_000_000;
                readyAt.merge(e.getSessionId(), ms, Math::max);
            }
        }

        @Override
        public void close() {
            follower.close();
            client.close();
        }
    }

    /**
     * Makes sure the followers' streams are live (a follower without resume_after sees only what happens after
     * its subscription): injects a marker message on a session that {@code node} holds, through that node, and
     * waits until every follower has it.
     */
    static void awaitLive(String node, String session, List<Set<String>> seen) throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            ok(NODES.get(node), "POST", "/api/sandbox/session/" + session + "/incoming", "X-API-Key", apiKey,
                    "{\"from\":\"919800000009\",\"body\":\"" + marker + "\"}");
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) {
                if (seen.stream().allMatch(s -> s.contains(marker))) {
                    return;
                }
                Thread.sleep(20);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the event followers did not get live within 20 s");
            }
        }
    }

    static String failover(String mode, String victim, long pid, int timeoutSeconds) throws Exception {
        awaitSteady(60);
        List<Placement> before = placement();
        long notReady = before.stream().filter(p -> p.node == null || !p.status.equals("ready")).count();
        if (notReady > 0) {
            throw new IllegalStateException(notReady + " sessions not ready or not placed before the " + mode);
        }
        List<String> held = byNode(before).get(victim);
        if (held == null || held.isEmpty()) {
            throw new IllegalStateException(victim + " holds no session");
        }
        List<String> survivors = NODES.keySet().stream().filter(n -> !n.equals(victim)).toList();
        String watcherNode = survivors.getFirst();
        String markerSession = byNode(before).get(watcherNode).getFirst();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        try (ReadyWatch watch = new ReadyWatch(NODES.get(watcherNode))) {
            awaitLive(watcherNode, markerSession, List.of(watch.markers));
            Set<String> wanted = Set.copyOf(held);
            long t0 = System.currentTimeMillis();
            long n0 = System.nanoTime();
            if (mode.equals("kill")) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            AtomicLong exitMs = new AtomicLong(-1);
            Thread exitWatch = Thread.ofPlatform().daemon().start(() -> {
                while (alive(pid)) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                exitMs.set((System.nanoTime() - n0) / 1_000_000);
            });
            long deadline = n0 + timeoutSeconds * 1_000_000_000L;
            int lastLogged = -1;
            while (System.nanoTime() < deadline) {
                int done = (int) wanted.stream().filter(s -> watch.readyAt.getOrDefault(s, 0L) >= t0).count();
                if (done == wanted.size()) {
                    break;
                }
                long second = (System.nanoTime() - n0) / 1_000_000_000L;
                if (second != lastLogged && second % 2 == 0) {
                    lastLogged = (int) second;
                    log("%s %s: %d s after the signal, %d of its %d sessions ready elsewhere", mode, victim, second,
                            done, wanted.size());
                }
                Thread.sleep(10);
            }
            exitWatch.join(Duration.ofSeconds(Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L)));
            long[] times = wanted.stream()
                    .map(s -> watch.readyAt.getOrDefault(s, 0L))
                    .filter(t -> t >= t0)
                    .mapToLong(t -> t - t0)
                    .sorted()
                    .toArray();
            int missing = wanted.size() - times.length;
            if (missing > 0) {
                log("no ready event after the signal for: %s", wanted.stream()
                        .filter(x -> watch.readyAt.getOrDefault(x, 0L) < t0)
                        .sorted()
                        .toList());
            }
            // Checked through the admin API and each session's live status (answered by its owner, reached through
            // a survivor): the ready event must mean a live, ready connection on a node that is not the victim.
            List<Placement> after = placement();
            long wrongOwner = after.stream()
                    .filter(p -> wanted.contains(p.sessionId))
                    .filter(p -> p.node == null || p.node.equals(victim))
                    .count();
            int liveNotReady = 0;
            for (String s : wanted) {
                Response r = call(NODES.get(watcherNode), "GET", "/api/whatsapp/session/" + s + "/status", "X-API-Key",
                        apiKey, null);
                if (r.status != 200 || !json(r.body).get("status").getAsString().equals("ready")) {
                    liveNotReady++;
                }
            }
            return String.format(Locale.ROOT, "%d %d %d %d %d %d %d", wanted.size(), pct(times, 0.5), max(times),
                    exitMs.get(), missing, wrongOwner, liveNotReady);
        }
    }

    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (Exception gone) {
            return false;
        }
    }

    /** Moves sessions from the busiest nodes to {@code target} until it holds its share; waits until ready there. */
    static String balance(String target) throws Exception {
        long t0 = System.nanoTime();
        List<Placement> all = placement();
        Map<String, List<String>> held = byNode(all);
        int share = all.size() / NODES.size();
        int need = share - held.get(target).size();
        if (need <= 0) {
            return "0 0.0";
        }
        String watcherNode = NODES.keySet().stream().filter(n -> !n.equals(target)).findFirst().orElseThrow();
        List<String> moved = new ArrayList<>();
        try (ReadyWatch watch = new ReadyWatch(NODES.get(watcherNode))) {
            awaitLive(watcherNode, held.get(watcherNode).getFirst(), List.of(watch.markers));
            long since = System.currentTimeMillis();
            for (int i = 0; i < need; i++) {
                String busiest = held.entrySet().stream()
                        .filter(e -> !e.getKey().equals(target))
                        .max((x, y) -> Integer.compare(x.getValue().size(), y.getValue().size()))
                        .orElseThrow()
                        .getKey();
                String session = held.get(busiest).removeLast();
                Response r = call(NODES.get(watcherNode), "POST",
                        "/api/admin/sessions/" + tenantId + "/" + session + "/move", "X-Admin-Key", adminKey,
                        "{\"node\":\"" + target + "\"}");
                if (r.status == 200) {
                    moved.add(session);
                    held.get(target).add(session);
                } else {
                    log("move of %s to %s: %d %s", session, target, r.status, r.body);
                }
            }
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (moved.stream().anyMatch(s -> watch.readyAt.getOrDefault(s, 0L) < since)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("moved sessions not ready on " + target + " within 90 s");
                }
                Thread.sleep(20);
            }
        }
        awaitSteady(60);
        return String.format(Locale.ROOT, "%d %.1f", moved.size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Waits until every session is ready and placed and no session changed node for 3 s (three lease ticks at
     * most): the restarted node's own rebalancing (2 sessions a tick, from a lease after its start) may overlap
     * the moves, and the nodes even out the difference by themselves.
     */
    static void awaitSteady(int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Map<String, String> last = Map.of();
        long steadySince = System.nanoTime();
        while (true) {
            List<Placement> now = placement();
            Map<String, String> nodes = new HashMap<>();
            now.forEach(p -> nodes.put(p.sessionId, String.valueOf(p.node)));
            boolean settled = now.stream().allMatch(p -> p.node != null && p.status.equals("ready"));
            if (!settled || !nodes.equals(last)) {
                steadySince = System.nanoTime();
                last = nodes;
            } else if (System.nanoTime() - steadySince >= 3_000_000_000L) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sessions still moving or not ready " + seconds + " s after balancing");
            }
            Thread.sleep(250);
        }
    }

    // --- sends through the owner and through another node ----------------------------------------------------

    record SendRun(double rate, double p50, double p99, long errors) {}

    static String sends(String owner, String other, int sessions, int concurrency, int seconds, int runs, int warmup)
            throws Exception {
        List<String> ids = byNode(placement()).get(owner);
        ids = ids.subList(0, Math.min(sessions, ids.size()));
        log("sends: %d sessions held by %s, concurrency %d, %d s per run, %d runs each way", ids.size(), owner,
                concurrency, seconds, runs);
        if (warmup > 0) {
            for (String node : List.of(owner, other, owner, other)) {
                SendRun w = sendRun(NODES.get(node), ids, concurrency, Math.max(1, warmup / 2));
                log("warm-up via %s: %.0f sends/s", node, w.rate);
            }
        }
        List<SendRun> direct = new ArrayList<>();
        List<SendRun> forwarded = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            // Alternating which goes first, so that a trend in the machine's load hits both alike.
            for (String node : run % 2 == 1 ? List.of(owner, other) : List.of(other, owner)) {
                SendRun r = sendRun(NODES.get(node), ids, concurrency, seconds);
                (node.equals(owner) ? direct : forwarded).add(r);
                log("run %d via %s (%s): %.0f sends/s, p50 %.1f ms, p99 %.1f ms, errors %d", run, node,
                        node.equals(owner) ? "the owner" : "forwarded to " + owner, r.rate, r.p50, r.p99, r.errors);
            }
        }
        double d = median(direct.stream().map(SendRun::rate).toList());
        double f = median(forwarded.stream().map(SendRun::rate).toList());
        long errors = direct.stream().mapToLong(SendRun::errors).sum() + forwarded.stream().mapToLong(SendRun::errors).sum();
        return String.format(Locale.ROOT, "%.1f %.1f %.3f %.2f %.2f %.2f %.2f %d", d, f, f / d,
                median(direct.stream().map(SendRun::p50).toList()), median(direct.stream().map(SendRun::p99).toList()),
                median(forwarded.stream().map(SendRun::p50).toList()),
                median(forwarded.stream().map(SendRun::p99).toList()), errors);
    }

    static SendRun sendRun(String base, List<String> ids, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong counter = new AtomicLong(ThreadLocalCounter.next());
        LongAdder errors = new LongAdder();
        List<long[]> perWorker = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long c = counter.incrementAndGet();
                    String session = ids.get((int) (c % ids.size()));
                    String body = "{\"to\":\"91" + (7_000_000_000L + c % 1_000_000_000L)
                            + "\",\"message\":\"cluster bench " + c + "\"}";
                    long s = System.nanoTime();
                    try {
                        Response r = call(base, "POST", "/api/whatsapp/session/" + session + "/send", "X-API-Key",
                                apiKey, body);
                        if (r.status != 200 && r.status != 201) {
                            if (errors.sum() < 3) {
                                log("send via %s: %d %s", base, r.status, r.body);
                            }
                            errors.increment();
                            continue;
                        }
                    } catch (Exception e) {
                        errors.increment();
                        continue;
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - s;
                }
                perWorker.add(Arrays.copyOf(lat, n));
                sent.addAndGet(n);
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] all = perWorker.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new SendRun(sent.get() / elapsed, pct(all, 0.5) / 1e6, pct(all, 0.99) / 1e6, errors.sum());
    }

    /** Recipients stay distinct across runs. */
    static final class ThreadLocalCounter {
        static final AtomicLong NEXT = new AtomicLong();

        static long next() {
            return NEXT.addAndGet(100_000_000L);
        }
    }

    // --- events: latency across nodes, throughput ------------------------------------------------------------

    /** A follower that records the latency of the injected messages tagged with its run. */
    static final class LatencyFollower implements AutoCloseable {
        final String node;
        final WapiClient client;
        final EventFollower follower;
        final Set<String> markers = ConcurrentHashMap.newKeySet();
        volatile String tag = "";
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final Set<Integer> seen = ConcurrentHashMap.newKeySet();
        final LongAdder duplicates = new LongAdder();

        LatencyFollower(String node) {
            this.node = node;
            client = WapiClient.connect(target(NODES.get(node)), apiKey);
            follower = client.follow(
                    SubscribeRequest.newBuilder().addTypes(EventType.EVENT_TYPE_MESSAGE).build(), this::receive);
        }

        void receive(Event e) {
            long now = System.nanoTime();
            String body = e.getMessage().getBody();
            if (body.startsWith("marker-")) {
                markers.add(body);
                return;
            }
            String[] parts = body.split(" ");
            if (parts.length != 3 || !parts[0].equals(tag)) {
                return;
            }
            if (!seen.add(Integer.parseInt(parts[1]))) {
                duplicates.increment();
                return;
            }
            latencies.add(now - Long.parseLong(parts[2]));
        }

        void reset(String newTag) {
            tag = newTag;
            latencies.clear();
            seen.clear();
        }

        long[] sorted() {
            synchronized (latencies) {
                return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            }
        }

        @Override
        public void close() {
            follower.close();
            client.close();
        }
    }

    static String latency(String owner, String other, double rate, int seconds, int runs) throws Exception {
        List<String> ids = byNode(placement()).get(owner);
        ids = ids.subList(0, Math.min(4, ids.size()));
        String base = NODES.get(owner);
        try (LatencyFollower same = new LatencyFollower(owner);
                LatencyFollower cross = new LatencyFollower(other)) {
            awaitLive(owner, ids.getFirst(), List.of(same.markers, cross.markers));
            // Warm-up: 3 s at the rate, not measured.
            openLoop(base, ids, rate, 3, "warm", List.of(same, cross));
            List<Double> sp50 = new ArrayList<>(), sp99 = new ArrayList<>(), smax = new ArrayList<>();
            List<Double> cp50 = new ArrayList<>(), cp99 = new ArrayList<>(), cmax = new ArrayList<>();
            long lost = 0;
            for (int run = 1; run <= runs; run++) {
                String tag = "lat" + run;
                int injected = openLoop(base, ids, rate, seconds, tag, List.of(same, cross));
                awaitAll(List.of(same, cross), injected, 10);
                long[] s = same.sorted();
                long[] c = cross.sorted();
                lost += (injected - s.length) + (injected - c.length);
                log("run %d: %d injected on %s at %.0f/s; same node (%s) p50 %.1f ms p99 %.1f ms max %.1f ms;"
                                + " other node (%s) p50 %.1f ms p99 %.1f ms max %.1f ms",
                        run, injected, owner, rate, owner, pct(s, 0.5) / 1e6, pct(s, 0.99) / 1e6, max(s) / 1e6, other,
                        pct(c, 0.5) / 1e6, pct(c, 0.99) / 1e6, max(c) / 1e6);
                sp50.add(pct(s, 0.5) / 1e6);
                sp99.add(pct(s, 0.99) / 1e6);
                smax.add(max(s) / 1e6);
                cp50.add(pct(c, 0.5) / 1e6);
                cp99.add(pct(c, 0.99) / 1e6);
                cmax.add(max(c) / 1e6);
            }
            return String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %.1f %.1f %d", median(sp50), median(sp99),
                    median(smax), median(cp50), median(cp99), median(cmax), lost);
        }
    }

    /** Injects at a fixed rate (each request on a virtual thread of its own, due at start + i / rate). */
    static int openLoop(String base, List<String> ids, double rate, int seconds, String tag,
            List<LatencyFollower> followers) throws Exception {
        followers.forEach(f -> f.reset(tag));
        int count = (int) Math.round(rate * seconds);
        long start = System.nanoTime();
        List<Thread> calls = new ArrayList<>();
        LongAdder failed = new LongAdder();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int index = i;
            calls.add(Thread.ofVirtual().start(() -> {
                if (!inject(base, ids.get(index % ids.size()), tag, index)) {
                    failed.increment();
                }
            }));
        }
        for (Thread t : calls) {
            t.join();
        }
        if (failed.sum() > 0) {
            log("%d injections failed", failed.sum());
        }
        return count - (int) failed.sum();
    }

    /** Failed injections by HTTP status since the last report. */
    static final Map<Integer, Integer> INJECT_FAILURES = new ConcurrentHashMap<>();

    static boolean inject(String base, String session, String tag, int index) {
        try {
            Response r = call(base, "POST", "/api/sandbox/session/" + session + "/incoming", "X-API-Key", apiKey,
                    "{\"from\":\"919800000001\",\"body\":\"" + tag + " " + index + " " + System.nanoTime() + "\"}");
            if (r.status >= 300) {
                INJECT_FAILURES.merge(r.status, 1, Integer::sum);
                if (INJECT_FAILURES.values().stream().mapToInt(Integer::intValue).sum() <= 3) {
                    log("inject on %s via %s: %d %s", session, base, r.status, r.body);
                }
                return false;
            }
            return true;
        } catch (Exception e) {
            log("inject on %s via %s: %s", session, base, e);
            return false;
        }
    }

    static void awaitAll(List<LatencyFollower> followers, int expected, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (followers.stream().anyMatch(f -> f.latencies.size() < expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    static String throughput(int injectors, int seconds, int runs, long graceMs) throws Exception {
        // Four sessions of each node, each injected on its owner: every node writes events.
        Map<String, List<String>> held = byNode(placement());
        List<String[]> targets = new ArrayList<>(); // {base, session}
        for (int i = 0; i < 4; i++) {
            for (Map.Entry<String, List<String>> e : held.entrySet()) {
                if (i < e.getValue().size() && NODES.containsKey(e.getKey())) {
                    targets.add(new String[] {NODES.get(e.getKey()), e.getValue().get(i)});
                }
            }
        }
        List<LatencyFollower> followers = new ArrayList<>();
        try {
            for (String node : NODES.keySet()) {
                followers.add(new LatencyFollower(node));
            }
            String first = NODES.keySet().iterator().next();
            awaitLive(first, held.get(first).getFirst(),
                    followers.stream().map(f -> f.markers).toList());
            closedLoop(targets, injectors, 3, "twarm", followers);
            INJECT_FAILURES.clear();
            List<Double> rates = new ArrayList<>(), p50 = new ArrayList<>(), p99 = new ArrayList<>(),
                    maxes = new ArrayList<>();
            long slow = 0, lost = 0, errors = 0;
            for (int run = 1; run <= runs; run++) {
                String tag = "tp" + run;
                long[] result = closedLoop(targets, injectors, seconds, tag, followers);
                int injected = (int) result[0];
                errors += result[2];
                awaitAll(followers, injected, 15);
                double rate = injected / (result[1] / 1e9);
                long[] all = followers.stream().flatMapToLong(f -> Arrays.stream(f.sorted())).sorted().toArray();
                long runSlow = Arrays.stream(all).filter(l -> l > graceMs * 1_000_000L / 2).count();
                long runLost = (long) injected * followers.size() - all.length;
                log("run %d: %d events written in %d s by %d injectors over %d sessions on %d nodes: %.0f events/s;"
                                + " receipt on %d followers (one per node) p50 %.1f ms p99 %.1f ms max %.1f ms;"
                                + " over %d ms: %d; lost %d; failed injections %d",
                        run, injected, seconds, injectors, targets.size(), held.size(), rate, followers.size(),
                        pct(all, 0.5) / 1e6, pct(all, 0.99) / 1e6, max(all) / 1e6, graceMs / 2, runSlow, runLost,
                        result[2]);
                rates.add(rate);
                p50.add(pct(all, 0.5) / 1e6);
                p99.add(pct(all, 0.99) / 1e6);
                maxes.add(max(all) / 1e6);
                slow += runSlow;
                lost += runLost;
            }
            String byStatus = INJECT_FAILURES.isEmpty() ? "-" : INJECT_FAILURES.toString().replace(" ", "");
            INJECT_FAILURES.clear();
            return String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %d %d %d %s", median(rates), median(p50),
                    median(p99), median(maxes), slow, lost, errors, byStatus);
        } finally {
            followers.forEach(LatencyFollower::close);
        }
    }

    /** Closed loop: injectors post back to back for the given seconds; returns {injected, nanos, failed}. */
    static long[] closedLoop(List<String[]> targets, int injectors, int seconds, String tag,
            List<LatencyFollower> followers) throws Exception {
        followers.forEach(f -> f.reset(tag));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        LongAdder failed = new LongAdder();
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < injectors; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get() && System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    String[] t = targets.get(i % targets.size());
                    if (inject(t[0], t[1], tag, i)) {
                        ok.incrementAndGet();
                    } else {
                        failed.increment();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        // The indexes that failed never arrive: followers expect only the successful ones.
        return new long[] {ok.get(), System.nanoTime() - t0, failed.sum()};
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static String target(String base) {
        return base.replaceFirst("^http://", "");
    }

    static Response call(String base, String method, String path, String header, String value, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header(header, value)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(90));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /**
     * A call that must succeed. {@code 503 SESSION_MOVING} (the session is between two nodes: nothing was done) is
     * tried again after its Retry-After, as the API asks of clients, for 30 s at most.
     */
    static String ok(String base, String method, String path, String header, String value, String body)
            throws Exception {
        Response r = call(base, method, path, header, value, body);
        for (int i = 0; i < 30 && r.status == 503 && r.body.contains("SESSION_MOVING"); i++) {
            MOVING_RETRIES.increment();
            Thread.sleep(1000L * Math.max(1, json(r.body).get("retryAfterSeconds").getAsInt()));
            r = call(base, method, path, header, value, body);
        }
        if (r.status >= 300) {
            throw new IllegalStateException(method + " " + base + path + " -> " + r.status + " " + r.body);
        }
        return r.body;
    }

    static JsonObject json(String body) {
        return JsonParser.parseString(body).getAsJsonObject();
    }

    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
    }

    static long max(long[] sorted) {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
}
