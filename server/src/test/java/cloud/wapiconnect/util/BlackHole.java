package cloud.wapiconnect.util;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WhatsApp Web with no route to it, in its worst form: a local port that accepts TCP connections and
 * never says a word (a refused or unresolvable address only fails faster).
 */
public final class BlackHole implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> held = new ArrayList<>();

    public BlackHole() throws IOException {
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** For {@code WAPI_BRIDGE_WS_URL}. */
    public String url() {
        return "ws://127.0.0.1:" + socket.getLocalPort() + "/ws/chat";
    }

    /** Connections accepted so far: each is one attempt of a session to reach WhatsApp. */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
