package cloud.wapiconnect.sandbox;

import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.sandbox.SimulatedPhone;
import cloud.wapiconnect.whatsapp.SendingLimits;
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

    /** WhatsApp pairs a LID with a phone number (Baileys' lid-mapping.update). */
    record MapLid(String phoneJid, String lidJid) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.lidMapping(phoneJid, lidJid);
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

    /** WhatsApp changes the number's limits; a null part stays as it is ({@code until}: epoch ms, or null). */
    record SetLimits(String reachOut, Long until, String newChats) implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            SendingLimits next = p.limits();
            if (reachOut != null) {
                next = next.withReachOut(
                        SendingLimits.ReachOut.fromWire(reachOut).orElseThrow(), until);
            }
            if (newChats != null) {
                next = next.withNewChats(
                        SendingLimits.NewChats.fromWire(newChats).orElseThrow());
            }
            p.limits(next);
            return null;
        }
    }

    record GoSilent() implements PhoneAction {
        @Override
        public String applyTo(SimulatedPhone p) {
            p.goSilent();
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
