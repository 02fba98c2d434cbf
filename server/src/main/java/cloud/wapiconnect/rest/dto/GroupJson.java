package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.group.GroupInvite;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.GroupParticipant;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A group as the REST API shows it; {@code createdAt} is null when WhatsApp did not say. */
@Schema(name = "Group")
public record GroupJson(
        String id,
        String subject,
        String description,
        String owner,
        String createdAt,
        int size,
        List<Participant> participants) {
    public static GroupJson of(GroupInfo g) {
        return new GroupJson(
                g.jid(),
                g.subject(),
                g.description(),
                g.owner(),
                g.createdAt() == 0 ? null : MessageJson.iso(g.createdAt()),
                g.participants().size(),
                g.participants().stream().map(Participant::of).toList());
    }

    public record Participant(String jid, boolean isAdmin, boolean isSuperAdmin) {
        static Participant of(GroupParticipant p) {
            return new Participant(p.jid(), p.admin(), p.superAdmin());
        }
    }

    /** One participant change's outcome. */
    public record Result(String jid, String status) {
        public static Result of(ParticipantResult r) {
            return new Result(r.jid(), r.outcome().wireName());
        }
    }

    public record Groups(List<GroupJson> groups) {}

    /** A created or updated group. */
    public record Changed(boolean success, @JsonUnwrapped GroupJson group) {
        public static Changed of(GroupInfo g) {
            return new Changed(true, GroupJson.of(g));
        }
    }

    public record Results(boolean success, List<Result> participants) {}

    public record Invite(String inviteCode, String inviteLink) {
        public static Invite of(GroupInvite i) {
            return new Invite(i.code(), i.link());
        }
    }
}
