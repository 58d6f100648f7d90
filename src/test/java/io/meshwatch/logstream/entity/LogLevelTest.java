package io.meshwatch.logstream.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogLevelTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Error   : Surface 7 is not closed              | ERROR",
        "Traceback (most recent call last):             | ERROR",
        "java.lang.IllegalStateException: boom          | INFO",
        "Exception in thread main                       | ERROR",
        "FATAL: out of memory                           | ERROR",
        "Warning : 3 ill-shaped tets                    | WARN",
        "DeprecationWarning: x is deprecated            | WARN",
        "Info    : Done meshing 3D (Wall 0.1s)          | SUCCESS",
        "Mesh completed successfully                    | SUCCESS",
        "\u2713 uploaded                                | SUCCESS",
        "Info    : Meshing 1D...                        | INFO",
        "Info    : 0 warnings, 0 errors                 | INFO",
        "no errors found                                | INFO",
        "Debug   : vertex 17                            | DEBUG",
        "[debug] cache hit                              | DEBUG",
        "errorless widget                               | INFO",
    })
    void levelFollowsTheText(String text, LogLevel expected) {
        assertEquals(expected, LogLevel.of(text.strip()));
    }

    // Not in the table above: its CSV parser trims leading control characters such as ESC.
    @Test
    void ansiColourSequencesAreIgnored() {
        assertEquals(LogLevel.ERROR, LogLevel.of("\u001B[31mError: red\u001B[0m"));
        assertEquals(LogLevel.SUCCESS, LogLevel.of("\u001B[1;32mdone\u001B[0m"));
        assertEquals(LogLevel.INFO, LogLevel.of("\u001B[2mMeshing\u001B[0m"));
    }
}
