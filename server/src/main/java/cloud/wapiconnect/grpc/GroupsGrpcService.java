package cloud.wapiconnect.grpc;

import cloud.wapiconnect.group.GroupInvite;
import cloud.wapiconnect.group.GroupService;
import cloud.wapiconnect.proto.v1.CreateGroupRequest;
import cloud.wapiconnect.proto.v1.GetGroupRequest;
import cloud.wapiconnect.proto.v1.GetInviteCodeRequest;
import cloud.wapiconnect.proto.v1.Group;
import cloud.wapiconnect.proto.v1.GroupsGrpc;
import cloud.wapiconnect.proto.v1.InviteCode;
import cloud.wapiconnect.proto.v1.LeaveGroupRequest;
import cloud.wapiconnect.proto.v1.LeaveGroupResponse;
import cloud.wapiconnect.proto.v1.ListGroupsRequest;
import cloud.wapiconnect.proto.v1.ListGroupsResponse;
import cloud.wapiconnect.proto.v1.UpdateGroupRequest;
import cloud.wapiconnect.proto.v1.UpdateParticipantsRequest;
import cloud.wapiconnect.proto.v1.UpdateParticipantsResponse;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** The gRPC twin of {@code rest.GroupResource}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(GroupsGrpcService.class)
public class GroupsGrpcService extends GroupsGrpc.GroupsImplBase {
    @Inject
    GroupService groups;

    @Override
    public void listGroups(ListGroupsRequest r, StreamObserver<ListGroupsResponse> out) {
        Rpc.unary(
                out,
                () -> ListGroupsResponse.newBuilder()
                        .addAllGroups(groups.list(GrpcTenant.current(), r.getSessionId()).stream()
                                .map(GroupMapper::toProto)
                                .toList())
                        .build());
    }

    @Override
    public void createGroup(CreateGroupRequest r, StreamObserver<Group> out) {
        Rpc.unary(
                out,
                () -> GroupMapper.toProto(groups.create(
                        GrpcTenant.current(), r.getSessionId(), r.getSubject(), r.getParticipantsList())));
    }

    @Override
    public void getGroup(GetGroupRequest r, StreamObserver<Group> out) {
        Rpc.unary(out, () -> GroupMapper.toProto(groups.get(GrpcTenant.current(), r.getSessionId(), r.getGroupJid())));
    }

    @Override
    public void updateParticipants(UpdateParticipantsRequest r, StreamObserver<UpdateParticipantsResponse> out) {
        Rpc.unary(
                out,
                () -> UpdateParticipantsResponse.newBuilder()
                        .addAllParticipants(groups
                                .updateParticipants(
                                        GrpcTenant.current(),
                                        r.getSessionId(),
                                        r.getGroupJid(),
                                        GroupMapper.changes(r.getAction(), r.getParticipantsList()))
                                .stream()
                                .map(GroupMapper::toProto)
                                .toList())
                        .build());
    }

    @Override
    public void updateGroup(UpdateGroupRequest r, StreamObserver<Group> out) {
        Rpc.unary(
                out,
                () -> GroupMapper.toProto(groups.update(
                        GrpcTenant.current(),
                        r.getSessionId(),
                        r.getGroupJid(),
                        r.hasSubject() ? r.getSubject() : null,
                        r.hasDescription() ? r.getDescription() : null)));
    }

    @Override
    public void leaveGroup(LeaveGroupRequest r, StreamObserver<LeaveGroupResponse> out) {
        Rpc.unary(out, () -> {
            groups.leave(GrpcTenant.current(), r.getSessionId(), r.getGroupJid());
            return LeaveGroupResponse.getDefaultInstance();
        });
    }

    @Override
    public void getInviteCode(GetInviteCodeRequest r, StreamObserver<InviteCode> out) {
        Rpc.unary(out, () -> {
            GroupInvite invite = groups.invite(GrpcTenant.current(), r.getSessionId(), r.getGroupJid());
            return InviteCode.newBuilder()
                    .setInviteCode(invite.code())
                    .setInviteLink(invite.link())
                    .build();
        });
    }
}
