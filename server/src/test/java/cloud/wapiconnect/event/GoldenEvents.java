package cloud.wapiconnect.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The golden events: one stored row per case ({@code golden/events/<case>.stored.json}, the JSON the producers
 * wrote before events were typed, plus rows of older formats), read back the way webhooks and streams read them
 * ({@link EventLog#byIds}), so that their consumers can be compared byte for byte with what they produced then.
 *
 * <p>{@code -Dgolden.write=true} writes the files instead of comparing (only ever from code known to be right).
 */
public final class GoldenEvents {
    public static final String TENANT = "t1";
    public static final String SESSION = "main";
    private static final String DIR = "golden/events/";
    private static final boolean WRITE = Boolean.getBoolean("golden.write");

    /** One golden case: its file name, the event's type as stored, its session ("" for none) and its id. */
    public record Case(String name, String type, String sessionId, long id) {
        public long timestamp() {
            return 1_700_000_000_000L + id;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    static {
        add("qr", "qr");
        add("authenticated", "authenticated");
        add("ready", "ready");
        add("disconnected", "disconnected");
        add("disconnected_qr_timeout", "disconnected");
        add("message_text", "message");
        add("message_group_details", "message");
        add("message_media", "message");
        add("message_location_no_name", "message");
        add("message_status", "message_status");
        add("message_status_read", "message_status");
        add("poll_vote", "poll_vote");
        add("poll_vote_withdrawn", "poll_vote");
        add("bulk_job_running", "bulk_job");
        add("bulk_job_failed", "bulk_job");
        add("bulk_job_cancelled", "bulk_job");
        add("bulk_job_legacy_cancelled", "bulk_job");
        CASES.add(new Case("test", "test", "", 100 + CASES.size() + 1));
        add("group_join", "group_join");
        add("group_leave", "group_leave");
        add("group_participants", "group_participants");
        add("group_update", "group_update");
        add("group_update_description", "group_update");
        add("session_limits", "session_limits");
        add("session_limits_ok", "session_limits");
        add("message_edited", "message_edited");
        add("message_revoked_group", "message_revoked");
        // LID senders (fromLid, participantLid): added last, so that the earlier cases keep their ids and bytes.
        add("message_lid_only", "message");
        add("message_lid_with_phone", "message");
        add("message_lid_group", "message");
    }

    private GoldenEvents() {}

    private static void add(String name, String type) {
        CASES.add(new Case(name, type, SESSION, 100 + CASES.size() + 1));
    }

    public static List<Case> cases() {
        return List.copyOf(CASES);
    }

    public static Case find(String name) {
        return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The case's event as the log reads it back from its stored row. */
    public static Event load(Case c) {
        EventRepository.Row row = new EventRepository.Row(
                c.id(), TENANT, c.sessionId(), c.type(), text(c.name() + ".stored.json"), c.timestamp());
        List<Event> events = logOver(row).byIds(List.of(c.id()));
        assertEquals(1, events.size());
        return events.getFirst();
    }

    /** A log whose repository holds the one row, built whatever else the log's constructor asks for (nothing used). */
    private static EventLog logOver(EventRepository.Row row) {
        OneRow repository = withoutConstructor(OneRow.class);
        repository.row = row;
        Constructor<?> constructor = EventLog.class.getConstructors()[0];
        Object[] args = Arrays.stream(constructor.getParameterTypes())
                .map(t -> t == EventRepository.class ? repository : null)
                .toArray();
        try {
            return (EventLog) constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A repository of one row; made without its constructor, which wants the database's entity manager. */
    private static final class OneRow extends EventRepository {
        EventRepository.Row row;

        OneRow() {
            super(null, null);
        }

        @Override
        public List<Row> byIds(List<Long> ids) {
            return ids.contains(row.id()) ? List.of(row) : List.of();
        }
    }

    private static <T> T withoutConstructor(Class<T> type) {
        try {
            Constructor<?> constructor = sun.reflect.ReflectionFactory.getReflectionFactory()
                    .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
            return type.cast(constructor.newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares (or, in write mode, writes) a golden text file. */
    public static void assertText(String file, String actual) {
        assertBytes(file, actual.getBytes(StandardCharsets.UTF_8));
    }

    /** Compares (or, in write mode, writes) a golden file byte for byte. */
    public static void assertBytes(String file, byte[] actual) {
        if (WRITE) {
            try {
                Path path = Path.of("src/test/resources", DIR, file);
                Files.createDirectories(path.getParent());
                Files.write(path, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        byte[] expected = bytes(file);
        if (!Arrays.equals(expected, actual)) {
            // Text shows where they differ; hex in case it is not text.
            assertEquals(
                    new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8), file);
            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual), file);
        }
    }

    public static String text(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String file) {
        try (InputStream in = GoldenEvents.class.getClassLoader().getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new AssertionError("No golden file " + DIR + file + " (write it with -Dgolden.write=true)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
