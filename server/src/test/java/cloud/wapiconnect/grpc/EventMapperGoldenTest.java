package cloud.wapiconnect.grpc;

import cloud.wapiconnect.event.GoldenEvents;
import com.google.protobuf.TextFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden event as the gRPC stream sends it, byte for byte as it was before events were typed: the serialized
 * message ({@code golden/events/<case>.proto.bin}) and its text form ({@code .proto.txt}, to read). Test events never
 * reach streams.
 */
class EventMapperGoldenTest {
    static List<GoldenEvents.Case> cases() {
        return GoldenEvents.cases().stream()
                .filter(c -> !c.type().equals("test"))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theStreamEventIsWhatItWas(GoldenEvents.Case c) {
        cloud.wapiconnect.proto.v1.Event proto = EventMapper.toProto(GoldenEvents.load(c));
        GoldenEvents.assertBytes(c.name() + ".proto.bin", proto.toByteArray());
        GoldenEvents.assertText(c.name() + ".proto.txt", TextFormat.printer().printToString(proto));
    }
}
