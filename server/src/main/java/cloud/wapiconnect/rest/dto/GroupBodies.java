package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.whatsapp.ParticipantAction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Request bodies of the group endpoints. */
public final class GroupBodies {
    private GroupBodies() {}

    /** {@code POST …/groups}. */
    public record Create(String subject, List<String> participants) {}

    /** {@code PUT …/groups/{groupJid}}: either or both. */
    public record Update(String subject, String description) {}

    /** {@code POST …/groups/{groupJid}/participants}: exactly one of the four (the service checks). */
    public record Participants(List<String> add, List<String> remove, List<String> promote, List<String> demote) {
        public Map<ParticipantAction, List<String>> changes() {
            Map<ParticipantAction, List<String>> changes = new EnumMap<>(ParticipantAction.class);
            changes.put(ParticipantAction.ADD, add);
            changes.put(ParticipantAction.REMOVE, remove);
            changes.put(ParticipantAction.PROMOTE, promote);
            changes.put(ParticipantAction.DEMOTE, demote);
            return changes;
        }
    }

    /** The sandbox's {@code group-added} and {@code group-removed} simulations. */
    public record Simulation(String groupJid, String subject, String by) {}
}
