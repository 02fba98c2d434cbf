package cloud.wapiconnect.rest;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.ListBulkJobsRequest;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsRequest;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.WebhookReceiver;
import io.grpc.Status;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Paging on every listing, REST and gRPC: a page past the end (up to page 2^31 - 1, whose offset overflows an
 * int) is an empty page, and a page or limit that is no page is a 400 naming the field, never a 500.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
class PagingIT {
    /** A listing: its path, the field holding its items, and its largest page size. */
    private record Listing(String path, String items, int maxLimit) {
        String with(String query) {
            return path + (path.contains("?") ? "&" : "?") + query;
        }
    }

    @Inject
    WebTarget target;

    @Test
    void everyListingPagesPastTheEndEmptyAndRefusesBadPagingNamingTheField() {
        Api api = new Api(target.getUri());
        String key = api.tenant("business").key();
        String jobId = fillEveryListing(api, key);
        List<Listing> listings = List.of(
                new Listing("/api/whatsapp/messages", "messages", 100),
                new Listing("/api/whatsapp/bulk-jobs", "jobs", 1000),
                new Listing("/api/whatsapp/bulk-job/" + jobId + "/recipients", "recipients", 1000),
                new Listing("/api/settings/webhook/deliveries", "deliveries", 100),
                new Listing("/api/whatsapp/session/main/chats", "chats", 100),
                new Listing("/api/whatsapp/session/main/chats/919876543211/messages", "messages", 100));

        List<String> failures = new ArrayList<>();
        for (Listing listing : listings) {
            Api.Response first = api.get(listing.with("page=1"), key);
            check(
                    failures,
                    listing.path() + " page 1 has items: " + first,
                    () -> first.status() == 200 && !items(first, listing).isEmpty());
            long total = ((Number) first.get("total")).longValue();
            for (String pastEnd : List.of(
                    "page=21474838&limit=100",
                    "page=2147483647",
                    "page=2147483647&limit=" + listing.maxLimit(),
                    "page=" + (total + 1) + "&limit=1")) {
                Api.Response r = api.get(listing.with(pastEnd), key);
                check(
                        failures,
                        listing.path() + "?" + pastEnd + " => " + r,
                        () -> r.status() == 200
                                && items(r, listing).isEmpty()
                                && ((Number) r.get("total")).longValue() == total
                                && r.get("pages") instanceof Number);
            }
            for (String bad : List.of(
                    "page=0",
                    "page=-1",
                    "page=abc",
                    "page=1.5",
                    "page=2147483648",
                    "page=99999999999999999999999",
                    "page=-99999999999999999999999")) {
                badPaging(failures, api.get(listing.with(bad), key), listing, bad, "page");
            }
            for (String bad : List.of(
                    "limit=0",
                    "limit=-5",
                    "limit=abc",
                    "limit=" + (listing.maxLimit() + 1),
                    "limit=99999999999999999999999")) {
                badPaging(failures, api.get(listing.with(bad), key), listing, bad, "limit");
            }
            Api.Response most = api.get(listing.with("limit=" + listing.maxLimit()), key);
            check(failures, listing.path() + " largest limit => " + most, () -> most.status() == 200);
            Api.Response thousand = api.get(listing.with("limit=1000"), key);
            check(
                    failures,
                    listing.path() + " limit=1000 => " + thousand,
                    () -> listing.maxLimit() >= 1000
                            ? thousand.status() == 200
                            : thousand.status() == 400 && "limit".equals(thousand.get("field")));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void grpcListCallsPageTheSameWay() {
        Api api = new Api(target.getUri());
        String key = api.tenant("business").key();
        String jobId = fillEveryListing(api, key);
        try (WapiClient client = Grpc.client(target.getUri(), key)) {
            assertEquals(
                    0,
                    client.listMessages(ListMessagesRequest.newBuilder()
                                    .setPage(21474838)
                                    .setLimit(100)
                                    .build())
                            .getMessagesCount());
            var messages = client.listMessages(
                    ListMessagesRequest.newBuilder().setPage(Integer.MAX_VALUE).build());
            assertEquals(0, messages.getMessagesCount());
            assertTrue(messages.getTotal() > 0);
            assertEquals(Integer.MAX_VALUE, messages.getPage());
            assertEquals(
                    0,
                    client.listBulkJobs(ListBulkJobsRequest.newBuilder()
                                    .setPage(21474838)
                                    .setLimit(100)
                                    .build())
                            .getJobsCount());
            assertEquals(
                    0,
                    client.listBulkRecipients(ListBulkRecipientsRequest.newBuilder()
                                    .setJobId(jobId)
                                    .setPage(Integer.MAX_VALUE)
                                    .setLimit(1000)
                                    .build())
                            .getRecipientsCount());
            assertEquals(0, client.listChats("main", 21474838, 100).getChatsCount());
            assertEquals(
                    0,
                    client.listChatMessages("main", "919876543211", Integer.MAX_VALUE, 100)
                            .getMessagesCount());
            assertEquals(2, client.listChats("main", 0, 0).getChatsCount(), "0 means the first page, default size");

            invalid(
                    () -> client.listMessages(
                            ListMessagesRequest.newBuilder().setPage(0).build()),
                    "page");
            invalid(
                    () -> client.listMessages(
                            ListMessagesRequest.newBuilder().setPage(-1).build()),
                    "page");
            invalid(
                    () -> client.listMessages(
                            ListMessagesRequest.newBuilder().setLimit(101).build()),
                    "limit");
            invalid(
                    () -> client.listBulkJobs(
                            ListBulkJobsRequest.newBuilder().setLimit(0).build()),
                    "limit");
            invalid(
                    () -> client.listBulkJobs(
                            ListBulkJobsRequest.newBuilder().setLimit(1001).build()),
                    "limit");
            invalid(
                    () -> client.listBulkRecipients(ListBulkRecipientsRequest.newBuilder()
                            .setJobId(jobId)
                            .setPage(Integer.MIN_VALUE)
                            .build()),
                    "page");
            invalid(() -> client.listChats("main", -1, 0), "page");
            invalid(() -> client.listChatMessages("main", "919876543211", 1, 1000), "limit");
        }
    }

    /** A ready session with a chat, a finished bulk job and a webhook delivery: every listing has an item. */
    private static String fillEveryListing(Api api, String key) {
        api.readySession(key, "main", "919800000031");
        assertEquals(
                200,
                api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"919876543211\",\"message\":\"one\"}")
                        .status());
        String jobId = (String) api.post(
                        "/api/whatsapp/session/main/send-bulk",
                        key,
                        "{\"recipients\":[\"919876543212\"],\"message\":\"bulk\",\"delayMin\":0,\"delayMax\":0}")
                .get("jobId");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url() + "\"}")
                            .status());
            api.post("/api/settings/webhook/test", key, null);
            Api.await(
                    () -> api.get("/api/settings/webhook/deliveries", key),
                    r -> ((Number) r.get("total")).longValue() > 0,
                    "a webhook delivery");
        }
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> "completed".equals(r.get("status")),
                "the bulk job to complete");
        return jobId;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> items(Api.Response r, Listing listing) {
        return (List<Object>) r.get(listing.items());
    }

    private static void badPaging(List<String> failures, Api.Response r, Listing listing, String query, String field) {
        try {
            assertError(r, 400, "INVALID_REQUEST");
            assertEquals(field, r.get("field"), r.toString());
            assertTrue(((String) r.get("error")).startsWith(field + " must be"), r.toString());
        } catch (AssertionError e) {
            failures.add(listing.path() + "?" + query + " => " + r);
        }
    }

    private static void check(List<String> failures, String what, Supplier<Boolean> ok) {
        try {
            if (!ok.get()) {
                failures.add(what);
            }
        } catch (RuntimeException e) {
            failures.add(what + " (" + e + ")");
        }
    }

    private static void invalid(Executable call, String field) {
        WapiClientException e = assertThrows(WapiClientException.class, call);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.status(), e.toString());
        assertEquals("INVALID_REQUEST", e.code());
        assertEquals(field, e.metadata().get("field"));
        assertFalse(e.getMessage().isBlank());
    }
}
