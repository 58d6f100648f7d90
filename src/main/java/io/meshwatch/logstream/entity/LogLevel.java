package io.meshwatch.logstream.entity;

import java.util.regex.Pattern;

/**
 * The level of a log line, derived from its text for the terminal's colours.
 * The first rule that matches wins: ERROR, WARN, SUCCESS, DEBUG, else INFO.
 */
public enum LogLevel {
    ERROR, WARN, SUCCESS, INFO, DEBUG;

    /** "0 errors", "no warnings": a count of none is not a problem. */
    private static final String NOT_COUNTED_AS_NONE = "(?<!\\b(?:0|no|zero) )";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");
    private static final Pattern IS_ERROR = Pattern.compile(
            NOT_COUNTED_AS_NONE + "\\b(error|errors|fatal|exception|traceback|failed|failure|panic)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IS_WARN = Pattern.compile(NOT_COUNTED_AS_NONE + "\\b(warn|warning|warnings|deprecated)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IS_SUCCESS = Pattern.compile(
            "\\b(success|successful|successfully|succeeded|completed|done|finished)\\b|\u2713|\u2714",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IS_DEBUG = Pattern.compile("^\\s*\\[?(debug|trace)\\b",
            Pattern.CASE_INSENSITIVE);

    /** Classifies a line; ANSI colour sequences are ignored. */
    public static LogLevel of(String text) {
        if (text == null || text.isEmpty()) {
            return INFO;
        }
        String plain = text.indexOf('\u001B') >= 0 ? ANSI.matcher(text).replaceAll("") : text;
        // Look at the start of very long lines only: the level words come first.
        if (plain.length() > 512) {
            plain = plain.substring(0, 512);
        }
        if (IS_ERROR.matcher(plain).find()) {
            return ERROR;
        }
        if (IS_WARN.matcher(plain).find()) {
            return WARN;
        }
        if (IS_DEBUG.matcher(plain).find()) {
            return DEBUG;
        }
        if (IS_SUCCESS.matcher(plain).find()) {
            return SUCCESS;
        }
        return INFO;
    }
}
