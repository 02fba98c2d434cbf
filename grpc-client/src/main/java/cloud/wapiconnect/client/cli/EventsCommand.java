package cloud.wapiconnect.client.cli;

import cloud.wapiconnect.client.EventFollower;
import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "events",
        description = {
            "Prints the tenant's events as JSON lines.",
            "Without --follow: the stored events after --resume-after (default: all kept), until none arrives for --idle.",
            "With --follow: then keeps going, reconnecting and resuming by itself, until interrupted."
        })
final class EventsCommand extends WapiCommand.Sub {
    @Option(
            names = {"-f", "--follow"},
            description = "keep following live events")
    boolean follow;

    @Option(names = "--session", description = "only this session (repeatable)")
    List<String> sessions = new ArrayList<>();

    @Option(
            names = "--type",
            description =
                    "only this type: qr, authenticated, ready, disconnected, message, message_status, bulk_job (repeatable)")
    List<String> types = new ArrayList<>();

    @Option(
            names = "--resume-after",
            description =
                    "id of the last event already seen (default: 0 = all kept; with --follow and unset: from now on)")
    Long resumeAfter;

    @Option(
            names = "--idle",
            defaultValue = "2",
            description = "without --follow: stop after this many seconds without events (default ${DEFAULT-VALUE})")
    int idleSeconds;

    @Override
    public Integer call() throws Exception {
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder().addAllSessionIds(sessions);
        for (String type : types) {
            request.addTypes(EventType.valueOf("EVENT_TYPE_" + type.toUpperCase(Locale.ROOT)));
        }
        try (WapiClient client = parent.client()) {
            if (follow) {
                if (resumeAfter != null) {
                    request.setResumeAfter(resumeAfter);
                }
                EventFollower follower = client.follow(request.build(), WapiCommand::print);
                Runtime.getRuntime().addShutdownHook(new Thread(follower::close));
                follower.await(Duration.ofDays(3650));
                if (follower.failure() != null) {
                    throw follower.failure();
                }
                return 0;
            }
            request.setResumeAfter(resumeAfter == null ? 0 : resumeAfter);
            return printUntilIdle(client, request.build());
        }
    }

    private int printUntilIdle(WapiClient client, SubscribeRequest request) {
        Context.CancellableContext context = Context.current().withCancellation();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            return context.call(() -> {
                ScheduledFuture<?> idle = timer.schedule(() -> context.cancel(null), idleSeconds, TimeUnit.SECONDS);
                Iterator<Event> events = client.subscribe(request);
                try {
                    while (events.hasNext()) {
                        Event event = events.next();
                        if (event.getType() != EventType.EVENT_TYPE_HEARTBEAT) {
                            WapiCommand.print(event);
                        }
                        idle.cancel(false);
                        idle = timer.schedule(() -> context.cancel(null), idleSeconds, TimeUnit.SECONDS);
                    }
                } catch (RuntimeException e) {
                    if (!context.isCancelled()) {
                        throw e;
                    }
                }
                return 0;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            timer.shutdownNow();
        }
    }
}
