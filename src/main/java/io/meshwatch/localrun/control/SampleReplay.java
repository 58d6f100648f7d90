package io.meshwatch.localrun.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundled sample job, run as its own process when gmsh is not installed:
 * it replays a real recorded gmsh log at its recorded pace. It uses the JDK only,
 * since it runs from a copy of this class file outside the application.
 */
public final class SampleReplay {

    static final String FIRST_LINE = "Meshwatch sample job: gmsh is not installed here, so this replays a recorded"
            + " gmsh log at its recorded pace. No mesh is made. Install gmsh or set MESHWATCH_LOCAL_COMMAND to mesh"
            + " for real.";

    private SampleReplay() {
    }

    /** Arguments: the recording (ms TAB line, '#' comments), the output path. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: SampleReplay <recording> <output>");
            System.exit(2);
        }
        System.out.println(FIRST_LINE);
        System.out.flush();
        long start = System.nanoTime();
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (line.startsWith("#") || tab < 0) {
                    continue;
                }
                long dueMillis = Long.parseLong(line.substring(0, tab));
                long waitMillis = dueMillis - (System.nanoTime() - start) / 1_000_000;
                if (waitMillis > 0) {
                    Thread.sleep(waitMillis);
                }
                System.out.println(line.substring(tab + 1));
                System.out.flush();
            }
        }
        Files.writeString(Path.of(args[1]), "Meshwatch sample job: no mesh was made.\n", StandardCharsets.UTF_8);
    }
}
