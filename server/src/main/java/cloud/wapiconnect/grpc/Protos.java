package cloud.wapiconnect.grpc;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import java.util.Optional;

/** Small conversions every mapper needs: proto3 defaults to Java nulls, timestamps, enum names. */
final class Protos {
    private Protos() {}

    /** proto3 has no null: an empty string is a field the client did not set. */
    static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static Optional<String> optional(String value) {
        return Optional.ofNullable(orNull(value));
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static Timestamp timestamp(long epochMillis) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochMillis, 1000))
                .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
                .build();
    }

    /** Proto enums are the domain's names with a prefix ({@code SESSION_STATUS_READY} for {@code READY}). */
    static <P extends Enum<P>> P toProto(Class<P> type, String prefix, Enum<?> value) {
        return Enum.valueOf(type, prefix + value.name());
    }

    /**
     * The domain value of a proto enum; empty for {@code *_UNSPECIFIED} (no filter, no value).
     *
     * @throws WapiException {@code INVALID_REQUEST} for a number this server does not know
     */
    static <D extends Enum<D>> Optional<D> fromProto(Class<D> type, String prefix, ProtocolMessageEnum value) {
        String name = ((Enum<?>) value).name();
        if ("UNRECOGNIZED".equals(name)) {
            throw WapiException.invalid("Unknown " + value.getClass().getSimpleName() + " value");
        }
        if (value.getNumber() == 0 || !name.startsWith(prefix)) {
            return Optional.empty();
        }
        return Optional.of(Enum.valueOf(type, name.substring(prefix.length())));
    }

    /** Paging fields of a list request; {@code null} (unset) means the first page / the listing's default size. */
    static PageRequest paging(Integer page, Integer limit, PageSize size) {
        return PageRequest.of(page == null ? null : page.longValue(), limit == null ? null : limit.longValue(), size);
    }
}
