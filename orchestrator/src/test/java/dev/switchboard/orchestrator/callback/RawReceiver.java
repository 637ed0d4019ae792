package dev.switchboard.orchestrator.callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving callback receiver on a plain socket: {@link #trickling} reads the request, sends
 * {@code 200} headers announcing a 100-byte body, then one byte a second; {@link #blackHole} accepts
 * the connection, drains what is sent and never answers. Counts connections and open exchanges.
 */
public final class RawReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final boolean trickle;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong firstEndedAt = new AtomicLong(Long.MAX_VALUE);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RawReceiver(InetAddress address, int port, boolean trickle) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(address, port), 50);
        this.trickle = trickle;
        this.acceptor = new Thread(this::accept, "raw-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RawReceiver trickling() {
        return open(InetAddress.getLoopbackAddress(), 0, true);
    }

    public static RawReceiver blackHole() {
        return open(InetAddress.getLoopbackAddress(), 0, false);
    }

    /** A black hole on a given address and port (to show that nothing connects there). */
    public static RawReceiver blackHole(InetAddress address, int port) {
        return open(address, port, false);
    }

    private static RawReceiver open(InetAddress address, int port, boolean trickle) {
        try {
            return new RawReceiver(address, port, trickle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** {@link System#nanoTime()} when the first connection ended (the client closed it), or {@link Long#MAX_VALUE}. */
    public long firstEndedAtNanos() {
        return firstEndedAt.get();
    }

    /** Connections the client has not closed yet. */
    public int open() {
        return open.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "raw-receiver-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            if (trickle) {
                readRequest(in);
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 100; i++) {
                    Thread.sleep(1000); // the misbehaviour under test: one byte a second
                    out.write('x');
                    out.flush();
                }
            }
            while (in.read() != -1) {
                // hold the connection until the client gives up
            }
        } catch (IOException | InterruptedException e) {
            // the client closed it
        } finally {
            if (!server.isClosed()) {
                firstEndedAt.accumulateAndGet(System.nanoTime(), Math::min);
            }
            open.decrementAndGet();
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("closed");
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
