"""WapiConnect's gRPC API through Python's grpcio (the C-core library), a client we did not write.

Run by InteropIT against the packaged server; by hand against any server on the sandbox engine:

    WAPI_GRPC_TARGET=127.0.0.1:8080 WAPI_BASE_URL=http://127.0.0.1:8080 WAPI_KEY=wapi_... \
    WAPI_PROTOC=/path/to/protoc-3.25.5 WAPI_PROTO_PATH=dir/with/wapiconnect+google+grpc/protos \
    WAPI_INTEROP_OUT=/tmp/py-gen /usr/bin/python3 -m unittest -v grpc_interop

Debian's grpcio (python3-grpcio) and protobuf runtime (python3-protobuf) only: no grpcio-tools,
grpcio-status or grpcio-reflection. The message classes are generated here with WAPI_PROTOC (Debian's
grpc_tools bundles protoc 3.5, which predates proto3 `optional`); calls go through the channel's
unary_unary / unary_stream / stream_stream with those classes' serializers, which is all that
generated stubs do.
"""
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
import uuid

import grpc

TARGET = os.environ["WAPI_GRPC_TARGET"]
BASE_URL = os.environ["WAPI_BASE_URL"]
KEY = os.environ["WAPI_KEY"]
SESSION = os.environ.get("WAPI_SESSION", "python-" + uuid.uuid4().hex[:8])
PROTOS = [
    "wapiconnect/v1/sessions.proto", "wapiconnect/v1/messages.proto", "wapiconnect/v1/bulk.proto",
    "wapiconnect/v1/events.proto", "google/rpc/status.proto", "google/rpc/error_details.proto",
    "grpc/health/v1/health.proto", "grpc/reflection/v1alpha/reflection.proto",
]
DEADLINE = 20  # seconds, for every call: a server that stops answering fails the test instead of hanging it


def generate():
    """protoc --python_out into WAPI_INTEROP_OUT, then import the modules from there."""
    out = os.environ["WAPI_INTEROP_OUT"]
    os.makedirs(out, exist_ok=True)
    proto_path = os.environ["WAPI_PROTO_PATH"]
    subprocess.run([os.environ["WAPI_PROTOC"], "--proto_path=" + proto_path, "--python_out=" + out] + PROTOS,
                   check=True)
    sys.path.insert(0, out)
    modules = {}
    for proto in PROTOS:
        name = proto[:-len(".proto")].replace("/", ".") + "_pb2"
        if name.startswith("grpc."):
            # The `grpc` package is grpcio itself: load grpc/health and grpc/reflection (which import
            # nothing of their own package) by file, as grpcio-health-checking ships them as grpc_health.
            spec = importlib.util.spec_from_file_location(name.replace(".", "_"), os.path.join(out, name.replace(".", "/") + ".py"))
            modules[proto] = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(modules[proto])
        else:
            modules[proto] = importlib.import_module(name)
    return modules


pb = generate()
sessions_pb2 = pb["wapiconnect/v1/sessions.proto"]
messages_pb2 = pb["wapiconnect/v1/messages.proto"]
events_pb2 = pb["wapiconnect/v1/events.proto"]
status_pb2 = pb["google/rpc/status.proto"]
error_details_pb2 = pb["google/rpc/error_details.proto"]
health_pb2 = pb["grpc/health/v1/health.proto"]
reflection_pb2 = pb["grpc/reflection/v1alpha/reflection.proto"]


def unary(channel, method, request, response_class, key=KEY):
    call = channel.unary_unary(method, request_serializer=type(request).SerializeToString,
                               response_deserializer=response_class.FromString)
    return call(request, metadata=[("x-api-key", key)] if key else None, timeout=DEADLINE)


def subscribe(channel, request):
    call = channel.unary_stream("/wapiconnect.v1.Events/Subscribe",
                                request_serializer=events_pb2.SubscribeRequest.SerializeToString,
                                response_deserializer=events_pb2.Event.FromString)
    return call(request, metadata=[("x-api-key", KEY)], timeout=DEADLINE)


def rest(method, path, body=None):
    request = urllib.request.Request(BASE_URL + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"X-API-Key": KEY, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        raise AssertionError(f"{method} {path}: {e.code} {e.read().decode()}") from None


def error_info(error):
    """The google.rpc.ErrorInfo from grpc-status-details-bin, as grpcio-status would read it."""
    details = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
    assert details is not None, f"no grpc-status-details-bin trailer on {error.code()}: {error.details()}"
    status = status_pb2.Status.FromString(details)
    assert status.code == error.code().value[0], (status.code, error.code())
    infos = [d for d in status.details if d.Is(error_details_pb2.ErrorInfo.DESCRIPTOR)]
    assert len(infos) == 1, status
    info = error_details_pb2.ErrorInfo()
    infos[0].Unpack(info)
    return info


class GrpcioInterop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.channel = grpc.insecure_channel(TARGET)
        grpc.channel_ready_future(cls.channel).result(timeout=DEADLINE)
        # A session made and linked over gRPC + the sandbox's REST scan, shared by the tests below.
        created = unary(cls.channel, "/wapiconnect.v1.Sessions/CreateSession",
                        sessions_pb2.CreateSessionRequest(session_id=SESSION, name="grpcio"),
                        sessions_pb2.CreateSessionResponse)
        assert created.session_id == SESSION and created.is_new, created
        cls.await_status(sessions_pb2.SESSION_STATUS_QR_READY)
        rest("POST", f"/api/sandbox/session/{SESSION}/scan", {"phoneNumber": "919800000001"})
        cls.await_status(sessions_pb2.SESSION_STATUS_READY)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    @classmethod
    def await_status(cls, wanted):
        deadline = time.monotonic() + DEADLINE
        while True:
            session = unary(cls.channel, "/wapiconnect.v1.Sessions/GetSessionStatus",
                            sessions_pb2.GetSessionStatusRequest(session_id=SESSION), sessions_pb2.Session)
            if session.status == wanted:
                return session
            if time.monotonic() > deadline:
                raise AssertionError(f"session {SESSION} never reached {wanted}: {session}")
            time.sleep(0.05)

    def test_health_check_without_a_key(self):
        response = unary(self.channel, "/grpc.health.v1.Health/Check", health_pb2.HealthCheckRequest(),
                         health_pb2.HealthCheckResponse, key=None)
        self.assertEqual(health_pb2.HealthCheckResponse.SERVING, response.status)

    def test_reflection_lists_the_services_and_serves_their_descriptors(self):
        call = self.channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
        requests = [reflection_pb2.ServerReflectionRequest(list_services=""),
                    reflection_pb2.ServerReflectionRequest(file_containing_symbol="wapiconnect.v1.Messages")]
        responses = list(call(iter(requests), timeout=DEADLINE))
        self.assertEqual(2, len(responses))
        services = {s.name for s in responses[0].list_services_response.service}
        for expected in ["wapiconnect.v1.Sessions", "wapiconnect.v1.Messages", "wapiconnect.v1.Events",
                         "wapiconnect.v1.BulkJobs", "wapiconnect.v1.Account", "grpc.health.v1.Health"]:
            self.assertIn(expected, services)
        from google.protobuf import descriptor_pb2
        files = [descriptor_pb2.FileDescriptorProto.FromString(f)
                 for f in responses[1].file_descriptor_response.file_descriptor_proto]
        self.assertIn("wapiconnect/v1/messages.proto", [f.name for f in files])

    def test_a_failed_call_carries_error_info_with_the_rest_code(self):
        with self.assertRaises(grpc.RpcError) as failed:
            unary(self.channel, "/wapiconnect.v1.Sessions/GetSessionStatus",
                  sessions_pb2.GetSessionStatusRequest(session_id="no-such-session"), sessions_pb2.Session)
        self.assertEqual(grpc.StatusCode.NOT_FOUND, failed.exception.code())
        info = error_info(failed.exception)
        self.assertEqual("SESSION_NOT_FOUND", info.reason)
        self.assertEqual("wapiconnect.cloud", info.domain)

    def test_a_wrong_key_is_unauthenticated_with_error_info(self):
        with self.assertRaises(grpc.RpcError) as failed:
            unary(self.channel, "/wapiconnect.v1.Sessions/ListSessions", sessions_pb2.ListSessionsRequest(),
                  sessions_pb2.ListSessionsResponse, key="wapi_not-a-key")
        self.assertEqual(grpc.StatusCode.UNAUTHENTICATED, failed.exception.code())
        self.assertEqual("UNAUTHORIZED", error_info(failed.exception).reason)

    def test_send_a_message_with_the_key(self):
        sent = unary(self.channel, "/wapiconnect.v1.Messages/SendMessage",
                     messages_pb2.SendMessageRequest(session_id=SESSION, to="919800000002",
                                                     content=messages_pb2.MessageContent(message="Hello from grpcio")),
                     messages_pb2.SendMessageResponse)
        self.assertTrue(sent.message_id)
        self.assertGreater(sent.timestamp, 0)
        listed = unary(self.channel, "/wapiconnect.v1.Messages/ListMessages",
                       messages_pb2.ListMessagesRequest(session_id=SESSION, limit=100),
                       messages_pb2.ListMessagesResponse)
        self.assertIn(sent.message_id, [m.message_id for m in listed.messages])

    def test_subscribe_then_resume_after_the_last_event_seen(self):
        def incoming(body):
            rest("POST", f"/api/sandbox/session/{SESSION}/incoming", {"from": "919800000003", "body": body})

        tag = uuid.uuid4().hex[:6]
        first = [f"{tag} {i}" for i in range(6)]
        for body in first:
            incoming(body)
        request = events_pb2.SubscribeRequest(session_ids=[SESSION], types=[events_pb2.EVENT_TYPE_MESSAGE],
                                              resume_after=0)
        stream = subscribe(self.channel, request)
        seen = []
        for event in stream:
            if event.type == events_pb2.EVENT_TYPE_HEARTBEAT:
                continue  # idle streams get one every 15 s, whatever the filter
            if event.message.body.startswith(tag):
                seen.append(event)
            if len(seen) == 3:
                break
        stream.cancel()
        self.assertEqual(first[:3], [e.message.body for e in seen])
        last_id = seen[-1].id

        # Two more while nobody listens, then resume: the rest of the log, then live.
        later = [f"{tag} {i}" for i in range(6, 8)]
        for body in later:
            incoming(body)
        request.resume_after = last_id
        stream = subscribe(self.channel, request)
        resumed = []
        expected = first[3:] + later + [f"{tag} live"]
        for event in stream:
            if event.type == events_pb2.EVENT_TYPE_HEARTBEAT:
                continue
            self.assertEqual(events_pb2.EVENT_TYPE_MESSAGE, event.type)
            resumed.append(event)
            if len(resumed) == len(expected) - 1:
                incoming(f"{tag} live")  # after the replay: this one comes live
            if len(resumed) == len(expected):
                break
        stream.cancel()
        self.assertEqual(expected, [e.message.body for e in resumed])
        ids = [e.id for e in resumed]
        self.assertTrue(all(a < b for a, b in zip([last_id] + ids, ids)), f"ids not ascending after {last_id}: {ids}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
