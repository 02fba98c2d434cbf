package cloud.wapiconnect.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** An engine that implements only what every engine must gets NOT_SUPPORTED_BY_ENGINE for the rest, never a crash. */
class OptionalFeaturesTest {
    /** The smallest engine connection there can be: sends, and nothing optional. */
    private static final EngineConnection MINIMAL = new EngineConnection() {
        @Override
        public void send(OutgoingMessage message) {}

        @Override
        public String requestPairingCode(String phoneNumber) {
            return "ABCD-EFGH";
        }

        @Override
        public Optional<IncomingMedia> downloadMedia(String messageId) {
            return Optional.empty();
        }

        @Override
        public void close() {}

        @Override
        public void logout() {}
    };

    @Test
    void groupsAndContactsAreNotSupportedByAnEngineThatLacksThem() {
        String group = "120363012345678901@g.us";
        List<String> people = List.of("919800000001@s.whatsapp.net");
        List<Executable> calls = List.of(
                MINIMAL::groups,
                () -> MINIMAL.createGroup("Team", people),
                () -> MINIMAL.group(group),
                () -> MINIMAL.updateParticipants(group, ParticipantAction.ADD, people),
                () -> MINIMAL.updateGroup(group, "Team", null),
                () -> MINIMAL.leaveGroup(group),
                () -> MINIMAL.groupInviteCode(group),
                () -> MINIMAL.checkNumbers(people));
        for (Executable call : calls) {
            EngineException e = assertThrows(EngineException.class, call);
            assertEquals(ErrorCode.NOT_SUPPORTED_BY_ENGINE, e.code());
        }
    }

    @Test
    void changingSentMessagesIsNotSupportedByAnEngineThatLacksIt() {
        String chat = "919800000001@s.whatsapp.net";
        MessageRef ours = new MessageRef("3EB0OURS", true, null, "hi");
        List<Executable> calls = List.of(
                () -> MINIMAL.edit(chat, ours, "hello"),
                () -> MINIMAL.revoke(chat, ours),
                () -> MINIMAL.deleteForMe(chat, ours, 1_700_000_000_000L));
        for (Executable call : calls) {
            EngineException e = assertThrows(EngineException.class, call);
            assertEquals(ErrorCode.NOT_SUPPORTED_BY_ENGINE, e.code());
            assertTrue(e.getMessage().startsWith("This session's engine does not support "), e.getMessage());
        }
    }
}
