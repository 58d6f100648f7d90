package io.meshwatch.cloudwatch;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paging tokens. Each carries the generation it was issued in, so {@link #expireAll()} can
 * invalidate every token handed out so far while new ones keep working.
 *
 * <p>GetLogEvents tokens look like AWS's: {@code f/} or {@code b/} and 56 digits; here the
 * digits are an 8-digit generation and a 48-digit position in the stream (put order).
 * DescribeLogStreams and FilterLogEvents tokens are opaque base64, as on AWS.
 */
final class Tokens {

    private static final Pattern STREAM_TOKEN = Pattern.compile("([fb])/(\\d{8})(\\d{48})");

    record StreamPosition(boolean forward, int position) {
    }

    /** Continue a FilterLogEvents listing after the event with this (timestamp, seq). */
    record FilterKey(long timestamp, long seq) {
    }

    private final AtomicInteger generation = new AtomicInteger();

    void expireAll() {
        generation.incrementAndGet();
    }

    String forward(int position) {
        return String.format("f/%08d%048d", generation.get(), position);
    }

    String backward(int position) {
        return String.format("b/%08d%048d", generation.get(), position);
    }

    StreamPosition parseStreamToken(String token, int streamSize) {
        Matcher m = STREAM_TOKEN.matcher(token);
        if (!m.matches() || Integer.parseInt(m.group(2)) != generation.get()) {
            throw CloudWatchError.invalidToken();
        }
        // A position past the stream's end cannot have been issued for this stream.
        BigInteger position = new BigInteger(m.group(3));
        if (position.compareTo(BigInteger.valueOf(streamSize)) > 0) {
            throw CloudWatchError.invalidToken();
        }
        return new StreamPosition(m.group(1).equals("f"), position.intValue());
    }

    String describe(int offset) {
        return opaque("describe/" + generation.get() + "/" + offset);
    }

    int parseDescribe(String token) {
        String[] parts = open(token, "describe", 3);
        return parseInt(parts[2]);
    }

    String filter(FilterKey after) {
        return opaque("filter/" + generation.get() + "/" + after.timestamp() + "/" + after.seq());
    }

    FilterKey parseFilter(String token) {
        String[] parts = open(token, "filter", 4);
        return new FilterKey(parseLong(parts[2]), parseLong(parts[3]));
    }

    private static String opaque(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private String[] open(String token, String kind, int parts) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw CloudWatchError.invalidToken();
        }
        String[] split = plain.split("/");
        if (split.length != parts || !split[0].equals(kind) || parseInt(split[1]) != generation.get()) {
            throw CloudWatchError.invalidToken();
        }
        return split;
    }

    private static int parseInt(String digits) {
        return (int) parseLong(digits);
    }

    private static long parseLong(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw CloudWatchError.invalidToken();
        }
    }
}
