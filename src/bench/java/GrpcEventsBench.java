import cloud.wapiconnect.client.EventFollower;
import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 100 followers (one gRPC connection each) receive the incoming messages injected through
 * {@code POST /api/sandbox/session/{id}/incoming}. Each message's body carries the injection time
 * (System.nanoTime() just before the request: injection and receipt share this JVM's clock), so the
 * latency is end to end: REST request, transaction, commit, feed, stream, client library.
 */
public final class GrpcEventsBench {
    private static final int SESSIONS = 4;

    /** One subscriber: what it received in the current run. */
    static final class Subscriber {
        final EventFollower follower;
        final WapiClient client;
        volatile long[] latencies;
        final AtomicInteger count = new AtomicInteger();
        volatile long lastId;
        volatile boolean outOfOrder;
        volatile long lastReceipt;
        final boolean[] seen;

        Subscriber(String target, String key, long resumeAfter, int events) {
            seen = new boolean[events];
            latencies = new long[events];
            client = WapiClient.connect(target, key);
            follower = client.follow(SubscribeRequest.newBuilder().setResumeAfter(resumeAfter)
                    .addTypes(EventType.EVENT_TYPE_MESSAGE).build(), this::receive);
        }

        void receive(Event e) {
            long now = System.nanoTime();
            String[] parts = e.getMessage().getBody().split(" ");
            if (!parts[0].equals("bench")) {
                return;
            }
            if (e.getId() <= lastId) {
                outOfOrder = true;
            }
            lastId = e.getId();
            int index = Integer.parseInt(parts[1]);
            if (seen[index]) {
                outOfOrder = true; // a duplicate
            }
            seen[index] = true;
            latencies[count.getAndIncrement()] = now - Long.parseLong(parts[2]);
            lastReceipt = now;
        }

        void reset() {
            Arrays.fill(seen, false);
            count.set(0);
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String adminKey = args[1];
        int subscribers = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        int injectors = Integer.parseInt(args[5]);
        Bench.awaitReady(base);
        String key = Bench.tenant(adminKey);
        for (int s = 0; s < SESSIONS; s++) {
            Bench.ready(key, "s" + s, "91987654320" + s);
        }
        String target = base.replaceFirst("^http://", "");
        System.out.printf("%d subscribers, %d events per run, %d injectors, %d runs%n", subscribers, events, injectors, runs);

        List<Subscriber> subs = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            subs.add(new Subscriber(target, key, 0, events));
        }
        // Warm-up: every subscriber connected and the JIT past the first calls.
        inject(key, 2000, injectors, "warm");
        Thread.sleep(3000);
        double idleHeap = heapAfterGc();

        List<Double> rates = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        List<Double> heaps = new ArrayList<>();
        boolean allComplete = true;
        for (int run = 1; run <= runs; run++) {
            subs.forEach(Subscriber::reset);
            AtomicLong maxHeap = new AtomicLong();
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxHeap.accumulateAndGet((long) Bench.usedHeapMb(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long start = System.nanoTime();
            inject(key, events, injectors, "bench");
            long injected = System.nanoTime();
            long deadline = injected + 60_000_000_000L;
            while (subs.stream().anyMatch(s -> s.count.get() < events) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            sampler.interrupt();
            long end = subs.stream().mapToLong(s -> s.lastReceipt).max().orElse(injected);
            long[] all = subs.stream().flatMapToLong(s -> Arrays.stream(s.latencies, 0, s.count.get())).sorted().toArray();
            int complete = (int) subs.stream().filter(s -> s.count.get() == events && !s.outOfOrder).count();
            allComplete &= complete == subscribers;
            double rate = (double) all.length / ((end - start) / 1e9);
            double p50 = all[all.length / 2] / 1e6;
            double p99 = all[(int) (all.length * 0.99)] / 1e6;
            int reconnects = subs.stream().mapToInt(s -> s.follower.reconnects()).sum();
            System.out.printf("run %d: injected %d in %.1f s (%.0f/s); delivered %d events at %.0f events/s; "
                            + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; heap max %d MB; complete and in order: %d/%d; reconnects so far: %d%n",
                    run, events, (injected - start) / 1e9, events / ((injected - start) / 1e9), all.length, rate, p50, p99,
                    all[all.length - 1] / 1e6, maxHeap.get(), complete, subscribers, reconnects);
            rates.add(rate);
            p50s.add(p50);
            p99s.add(p99);
            heaps.add((double) maxHeap.get());
        }
        System.out.printf("MEDIANS: delivered %.0f events/s, latency p50 %.1f ms, p99 %.1f ms, server heap max %.0f MB (idle after GC %.0f MB); every subscriber got every event once in order: %s%n",
                Bench.median(rates), Bench.median(p50s), Bench.median(p99s), Bench.median(heaps), idleHeap,
                allComplete ? "yes" : "NO");
        for (Subscriber s : subs) {
            s.follower.close();
            s.client.close();
        }
        System.exit(allComplete ? 0 : 1);
    }

    /** Injects messages with a fixed number of concurrent REST callers, spread over the sessions. */
    private static void inject(String key, int events, int injectors, String tag) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(injectors)) {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < injectors; w++) {
                work.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < events) {
                        String body = tag + " " + i + " " + System.nanoTime();
                        Bench.call("POST", "/api/sandbox/session/s" + (i % SESSIONS) + "/incoming", "X-API-Key", key,
                                "{\"from\":\"919800000001\",\"body\":\"" + body + "\"}");
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
    }

    private static double heapAfterGc() {
        return Bench.usedHeapMb();
    }
}
