package io.meshwatch.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * HTTP over a plain socket, for what a polite client cannot send: a request
 * that announces a large body and sends only part of it before reading the answer.
 */
final class RawHttp {

    private RawHttp() {
    }

    record Answer(int status, String head, String body) {
        @Override
        public String toString() {
            return head + "\n\n" + Api.abbreviated(body);
        }
    }

    static Answer postPartially(URL base, String path, String contentType, long declaredLength, int sentBytes)
            throws IOException {
        String fullPath = base.getPath() + (base.getPath().endsWith("/") ? "" : "/") + path;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + fullPath + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + declaredLength
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[sentBytes];
            java.util.Arrays.fill(chunk, (byte) 'a');
            out.write(chunk);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** A whole request with the given headers (a null content type sends none). */
    static Answer post(URL base, String path, String contentType, byte[] body, java.util.Map<String, String> headers)
            throws IOException {
        return send(null, base, path, contentType, body, headers);
    }

    /** A whole JSON request from another loopback address, such as 127.0.0.2. */
    static Answer postFrom(String localAddress, URL base, String path, byte[] body,
                           java.util.Map<String, String> headers) throws IOException {
        return send(localAddress, base, path, "application/json", body, headers);
    }

    private static Answer send(String localAddress, URL base, String path, String contentType, byte[] body,
                               java.util.Map<String, String> headers) throws IOException {
        String fullPath = base.getPath() + (base.getPath().endsWith("/") ? "" : "/") + path;
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            }
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST " + fullPath + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                all.write(buffer, 0, n);
                if (complete(all.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // the server may close after answering; what arrived is the answer
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new IOException("No HTTP answer, got: " + Api.abbreviated(text));
        }
        String head = text.substring(0, split);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Answer(status, head, text.substring(split + 4));
    }

    private static boolean complete(String text) {
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            return false;
        }
        String head = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int end = head.indexOf("\r\n", at);
        long length = Long.parseLong(head.substring(at + 15, end < 0 ? head.length() : end).trim());
        return text.length() - split - 4 >= length;
    }
}
