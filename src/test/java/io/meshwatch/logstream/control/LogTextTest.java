package io.meshwatch.logstream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void nulCharactersAreReplacedSoPostgresCanStoreTheLine() {
        assertEquals("a\uFFFDb", LogText.clean("a\0b"));
    }

    @Test
    void aLineOver64KiBIsCutWithAVisibleMarker() {
        int over = LogText.MARKER_ROOM + 10;
        String cleaned = LogText.clean("z".repeat(LogText.MAX_CHARS + over));
        assertEquals(" \u2026 [line truncated: " + over + " more characters]", cleaned.substring(LogText.MAX_CHARS));
    }

    @Test
    void aLineAProducerAlreadyCutKeepsItsMarker() {
        String cut = LogText.truncated("z".repeat(LogText.MAX_CHARS), 12345);
        assertEquals(cut, LogText.clean(cut));
    }

    @Test
    void ordinaryLinesAreUntouched() {
        assertEquals("Info    : Meshing 1D...", LogText.clean("Info    : Meshing 1D..."));
        assertEquals("", LogText.clean(null));
    }
}
