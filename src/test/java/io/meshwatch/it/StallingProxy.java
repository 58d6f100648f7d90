package io.meshwatch.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the server that can stop passing the server's bytes to
 * the browser, as a congested network does. The server then sees its pings go
 * unanswered and closes the WebSocket itself (1013); once the proxy passes bytes
 * again the browser gets that close and must reconnect.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean stalled;

    StallingProxy(URI server) throws IOException {
        target = new InetSocketAddress(server.getHost(), server.getPort());
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The URL on the proxy that stands for this one on the server. */
    String via(String url) {
        URI uri = URI.create(url);
        return "http://127.0.0.1:" + listener.getLocalPort() + uri.getRawPath()
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket browser = listener.accept();
                Socket server = new Socket();
                server.connect(target, 10_000);
                sockets.add(browser);
                sockets.add(server);
                pump(browser.getInputStream(), server.getOutputStream(), false, browser, server);
                pump(server.getInputStream(), browser.getOutputStream(), true, server, browser);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean fromServer, Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (fromServer) {
                        awaitFlowing();
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                    if (fromServer) {
                        awaitFlowing();
                    }
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        listener.close();
        sockets.forEach(StallingProxy::closeQuietly);
    }
}
