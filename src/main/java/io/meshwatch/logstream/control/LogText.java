package io.meshwatch.logstream.control;

/**
 * What any producer's line must become before it is stored: at most
 * {@link #MAX_CHARS} characters (longer ones are cut with a visible marker)
 * and no NUL characters (PostgreSQL text cannot hold them).
 */
public final class LogText {

    /** 64 KiB of characters. */
    public static final int MAX_CHARS = 64 * 1024;
    /** Room for the marker of a line a producer already cut at {@link #MAX_CHARS}. */
    static final int MARKER_ROOM = 100;

    private LogText() {
    }

    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        String cleaned = text.indexOf('\0') >= 0 ? text.replace('\0', '\uFFFD') : text;
        if (cleaned.length() > MAX_CHARS + MARKER_ROOM) {
            return truncated(cleaned.substring(0, MAX_CHARS), cleaned.length() - MAX_CHARS);
        }
        return cleaned;
    }

    /** The marker a cut line ends with. */
    public static String truncated(String kept, long droppedChars) {
        return kept + " \u2026 [line truncated: " + droppedChars + " more characters]";
    }
}
