"""gRPC through the load balancer, with a client we did not write: Debian's grpcio (python3-grpcio) and protobuf
runtime (python3-protobuf), nothing generated ahead of time. The message classes come from the server itself,
through gRPC server reflection (a bidirectional stream, so that kind of call crosses the proxy too).

    WAPI_GRPC_TARGET=127.0.0.1:8080 WAPI_KEY=wapi_... /usr/bin/python3 src/deploy/grpc_check.py [--calls N]

Checks, each printed on a line of its own; exit status 0 when all pass, 1 otherwise:
  - grpc.health.v1.Health/Check answers SERVING;
  - wapiconnect.v1.Sessions/ListSessions with the tenant's key answers, N times over (balanced over the nodes);
  - the same call with a wrong key fails UNAUTHENTICATED (the ErrorInfo trailer crossed the proxy);
  - wapiconnect.v1.Events/Subscribe from the start of the log streams the tenant's first event (server streaming).
"""
import os
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

TARGET = os.environ.get("WAPI_GRPC_TARGET", "127.0.0.1:8080")
KEY = os.environ["WAPI_KEY"]
DEADLINE = 20  # seconds for every call


# --- The reflection protocol's two messages, by hand (field numbers from grpc/reflection/v1alpha/reflection.proto):
# the request's file_containing_symbol is field 4; the answer's file_descriptor_response is field 4, whose
# file_descriptor_proto (repeated bytes) is field 1, and error_response is field 7.

def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def fields(data):
    """(field number, wire type, value) of a serialized message; values of length-delimited fields as bytes."""
    i = 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(data, i)
        elif wire == 2:
            length, i = read_varint(data, i)
            value, i = data[i:i + length], i + length
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def read_varint(data, i):
    shift = result = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def file_descriptors(channel, symbol):
    """The serialized FileDescriptorProtos of the file defining `symbol` and of the files it imports."""
    call = channel.stream_stream("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                 request_serializer=lambda b: b, response_deserializer=lambda b: b)
    name = symbol.encode()
    request = b"\x22" + varint(len(name)) + name
    for response in call(iter([request]), timeout=DEADLINE):
        found = []
        for number, _, value in fields(response):
            if number == 7:
                raise AssertionError(f"reflection has no {symbol}: {value!r}")
            if number == 4:
                found += [v for n, _, v in fields(value) if n == 1]
        return found
    raise AssertionError(f"reflection answered nothing for {symbol}")


class Messages:
    """Message classes of the services the server describes, built from its reflection answers."""

    def __init__(self, channel, services):
        self.pool = descriptor_pool.DescriptorPool()
        protos = {}
        for service in services:
            for raw in file_descriptors(channel, service):
                proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
                protos.setdefault(proto.name, proto)
        added = set()

        def add(name):
            if name in added:
                return
            for dependency in protos[name].dependency:
                add(dependency)
            self.pool.Add(protos[name])
            added.add(name)

        for name in protos:
            add(name)
        self.factory = message_factory.MessageFactory(self.pool)

    def __getitem__(self, full_name):
        return self.factory.GetPrototype(self.pool.FindMessageTypeByName(full_name))


def unary(channel, method, request, response_class, key):
    call = channel.unary_unary(method, request_serializer=type(request).SerializeToString,
                               response_deserializer=response_class.FromString)
    return call(request, metadata=[("x-api-key", key)] if key else None, timeout=DEADLINE)


def main():
    calls = int(sys.argv[sys.argv.index("--calls") + 1]) if "--calls" in sys.argv else 6
    failures = 0

    def check(name, function):
        nonlocal failures
        try:
            print(f"ok   {name}: {function()}")
        except Exception as e:  # one line per failed check, then the next
            failures += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}")

    channel = grpc.insecure_channel(TARGET)
    grpc.channel_ready_future(channel).result(timeout=DEADLINE)
    pb = Messages(channel, ["grpc.health.v1.Health", "wapiconnect.v1.Sessions", "wapiconnect.v1.Events"])

    def health():
        answer = unary(channel, "/grpc.health.v1.Health/Check", pb["grpc.health.v1.HealthCheckRequest"](),
                       pb["grpc.health.v1.HealthCheckResponse"], None)
        status = pb.pool.FindEnumTypeByName("grpc.health.v1.HealthCheckResponse.ServingStatus") \
            .values_by_number[answer.status].name
        assert status == "SERVING", status
        return status

    def list_sessions():
        counts = set()
        for _ in range(calls):
            answer = unary(channel, "/wapiconnect.v1.Sessions/ListSessions",
                           pb["wapiconnect.v1.ListSessionsRequest"](), pb["wapiconnect.v1.ListSessionsResponse"], KEY)
            counts.add(len(answer.sessions))
        return f"{calls} calls, sessions listed: {sorted(counts)}"

    def wrong_key():
        try:
            unary(channel, "/wapiconnect.v1.Sessions/ListSessions", pb["wapiconnect.v1.ListSessionsRequest"](),
                  pb["wapiconnect.v1.ListSessionsResponse"], "wapi_not-a-key")
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.UNAUTHENTICATED, e.code()
            trailers = dict(e.trailing_metadata() or ())
            assert "grpc-status-details-bin" in trailers, f"no status details in {sorted(trailers)}"
            return f"{e.code().name} ({e.details()})"
        raise AssertionError("a wrong key was accepted")

    def subscribe():
        request = pb["wapiconnect.v1.SubscribeRequest"](resume_after=0)
        call = channel.unary_stream("/wapiconnect.v1.Events/Subscribe", request_serializer=type(request).SerializeToString,
                                    response_deserializer=pb["wapiconnect.v1.Event"].FromString)
        stream = call(request, metadata=[("x-api-key", KEY)], timeout=DEADLINE)
        try:
            for event in stream:
                if event.id:  # the first stored event (heartbeats carry id 0)
                    kind = pb.pool.FindEnumTypeByName("wapiconnect.v1.EventType").values_by_number[event.type].name
                    return f"event {event.id} {kind} of session {event.session_id!r}"
        finally:
            stream.cancel()
        raise AssertionError("the stream ended without an event")

    check("grpc.health.v1.Health/Check", health)
    check("wapiconnect.v1.Sessions/ListSessions (tenant key)", list_sessions)
    check("wapiconnect.v1.Sessions/ListSessions (wrong key)", wrong_key)
    if "--no-events" not in sys.argv:
        check("wapiconnect.v1.Events/Subscribe (resume_after 0)", subscribe)
    channel.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
