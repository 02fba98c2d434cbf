package cloud.wapiconnect.sandbox;

import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.sandbox.SimulatedPhone;
import java.util.List;

/**
 * What the sandbox's control panel does to a session's simulated phone, as data: applied here, or sent to
 * the node that runs the session's connection and applied there.
 */
sealed interface PhoneAction {

    /** @return a message id or group JID when the action makes one, else null */
    String applyTo(SimulatedPhone phone);

    record Scan(String phone) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.scan(phone);
            return null;
        }
    }

    record Receive(IncomingMessage message, IncomingMedia media) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            return p.receive(message, media);
        }
    }

    record Edit(String messageId, String fromJid, String participant, String body) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.edit(messageId, fromJid, participant, body);
            return null;
        }
    }

    record Revoke(String messageId, String fromJid, String participant) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.revoke(messageId, fromJid, participant);
            return null;
        }
    }

    record Vote(String pollMessageId, String chatJid, String voterJid, List<String> options) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.vote(pollMessageId, chatJid, voterJid, options);
            return null;
        }
    }

    record AddedToGroup(String groupJid, String subject, String byJid) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            return p.addedToGroup(groupJid, subject, byJid);
        }
    }

    record RemovedFromGroup(String groupJid, String byJid) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.removedFromGroup(groupJid, byJid);
            return null;
        }
    }

    record DropConnection() implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.dropConnection();
            return null;
        }
    }

    record UnlinkFromPhone() implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.unlinkFromPhone();
            return null;
        }
    }

    /** The action class a name sent between nodes stands for. */
    static Class<? extends PhoneAction> named(String name) {
        for (Class<?> type : PhoneAction.class.getPermittedSubclasses()) {
            if (type.getSimpleName().equals(name)) {
                return type.asSubclass(PhoneAction.class);
            }
        }
        throw new IllegalArgumentException("no sandbox action " + name);
    }
}
