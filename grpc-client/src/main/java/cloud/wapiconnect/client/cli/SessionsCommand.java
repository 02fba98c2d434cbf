package cloud.wapiconnect.client.cli;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "sessions",
        description = "Lists the sessions (one JSON line each); subcommands change them.",
        subcommands = {
            SessionsCommand.Create.class,
            SessionsCommand.Status.class,
            SessionsCommand.Disconnect.class,
            SessionsCommand.Delete.class
        })
final class SessionsCommand extends WapiCommand.Sub {
    @Override
    public Integer call() {
        try (WapiClient client = parent.client()) {
            for (Session s : client.listSessions()) {
                WapiCommand.print(s);
            }
        }
        return 0;
    }

    abstract static class One implements Callable<Integer> {
        @ParentCommand
        SessionsCommand sessions;

        @Parameters(index = "0", description = "session id")
        String sessionId;

        WapiClient client() {
            return sessions.parent.client();
        }
    }

    @Command(name = "create", description = "Creates (or re-initialises) a session.")
    static final class Create extends One {
        @Parameters(index = "1", arity = "0..1", description = "display name")
        String name;

        @Override
        public Integer call() {
            try (WapiClient client = client()) {
                WapiCommand.print(client.createSession(sessionId, name));
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Shows a session's status (with the QR string while qr_ready).")
    static final class Status extends One {
        @Override
        public Integer call() {
            try (WapiClient client = client()) {
                WapiCommand.print(client.sessionStatus(sessionId).toBuilder().clearQrPng());
            }
            return 0;
        }
    }

    @Command(name = "disconnect", description = "Closes the connection, keeping the link.")
    static final class Disconnect extends One {
        @Override
        public Integer call() {
            try (WapiClient client = client()) {
                WapiCommand.print(client.disconnectSession(sessionId));
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Logs out and forgets the session.")
    static final class Delete extends One {
        @Override
        public Integer call() {
            try (WapiClient client = client()) {
                client.deleteSession(sessionId);
            }
            return 0;
        }
    }
}
