package io.meshwatch.localrun.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandTest {

    @TempDir
    Path dir;

    LocalCommand cut;
    Map<String, String> values;

    @BeforeEach
    void setUp() {
        cut = new LocalCommand();
        cut.template = Optional.empty();
        cut.workDir = dir.resolve("jobs").toString();
        values = Map.of("job_id", "local-1", "project_id", "1", "strategy", "hxt", "workdir", dir.toString(),
                "output", dir.resolve("mesh.msh").toString(), "input", dir.resolve("input.geo").toString());
    }

    @Test
    void theConfiguredTemplateWins() {
        cut.template = Optional.of("mesher --in {input} --out {output}");
        assertEquals(List.of("mesher", "--in", values.get("input"), "--out", values.get("output")), cut.argv(values));
    }

    @Test
    void gmshOnThePathMeshesTheInputWithAKnownAlgorithm() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path gmsh = Files.createFile(bin.resolve("gmsh"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        cut.searchPath = "/nonexistent:" + bin;
        assertEquals(List.of(gmsh.toString(), values.get("input"), "-3", "-o", values.get("output"), "-algo", "hxt"),
                cut.argv(values));
        assertEquals("gmsh", cut.describe());
    }

    @Test
    void withoutGmshTheSampleJobRunsAndSaysItIsASample() throws Exception {
        cut.searchPath = dir.resolve("empty").toString();
        List<String> argv = cut.argv(values);
        assertTrue(cut.describe().contains("sample"));

        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        List<String> lines;
        try (var out = process.getInputStream()) {
            lines = new String(out.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), () -> String.join("\n", lines));
        assertEquals(SampleReplay.FIRST_LINE, lines.get(0));
        assertTrue(lines.get(1).startsWith("Info    : Running 'gmsh"), lines.get(1));
        assertTrue(lines.get(lines.size() - 1).startsWith("Info    : Stopped on"), lines.get(lines.size() - 1));
        assertTrue(Files.readString(Path.of(values.get("output"))).contains("sample job"));
    }
}
