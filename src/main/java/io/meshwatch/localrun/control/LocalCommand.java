package io.meshwatch.localrun.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which program a local job runs: {@code MESHWATCH_LOCAL_COMMAND} when set;
 * otherwise gmsh on the job's geometry when gmsh is on the PATH; otherwise the
 * bundled sample job ({@link SampleReplay}).
 */
@ApplicationScoped
public class LocalCommand {

    static final Set<String> GMSH_3D_ALGORITHMS = Set.of("del3d", "initial3d", "frontal3d", "mmg3d", "hxt");
    static final String SAMPLE_RECORDING = "gmsh-bracket.rec";

    @Inject
    @ConfigProperty(name = "meshwatch.local.command")
    Optional<String> template;

    @Inject
    @ConfigProperty(name = "meshwatch.work.dir", defaultValue = "./data/jobs")
    String workDir;

    /** Where gmsh is looked for. */
    String searchPath = System.getenv("PATH");

    public Path workDir() {
        return Path.of(workDir).toAbsolutePath().normalize();
    }

    /** The argument list for a job whose work directory, input and output are given. */
    public List<String> argv(Map<String, String> values) {
        Optional<String> configured = template.filter(t -> !t.isBlank());
        if (configured.isPresent()) {
            return CommandTemplate.parse(configured.get()).expand(values);
        }
        Optional<Path> gmsh = onPath("gmsh", searchPath);
        if (gmsh.isPresent()) {
            List<String> argv = new ArrayList<>(List.of(gmsh.get().toString(), values.get("input"), "-3",
                    "-o", values.get("output")));
            String strategy = values.get("strategy");
            if (GMSH_3D_ALGORITHMS.contains(strategy)) {
                argv.addAll(List.of("-algo", strategy));
            }
            return argv;
        }
        Path sample = sampleDir();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx32m", "-cp", sample.resolve("classes").toString(), SampleReplay.class.getName(),
                sample.resolve(SAMPLE_RECORDING).toString(), values.get("output"));
    }

    /** A short description for the log, without the values. */
    public String describe() {
        if (template.filter(t -> !t.isBlank()).isPresent()) {
            return "the configured MESHWATCH_LOCAL_COMMAND";
        }
        return onPath("gmsh", searchPath).isPresent() ? "gmsh" : "the bundled sample job (no gmsh on the PATH)";
    }

    static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean sampleCopied;

    /** Copies the sample's class file and recording out of the application, once per start. */
    synchronized Path sampleDir() {
        Path dir = workDir().resolve("_sample");
        if (sampleCopied) {
            return dir;
        }
        String classFile = SampleReplay.class.getName().replace('.', '/') + ".class";
        try {
            copy("/" + classFile, dir.resolve("classes").resolve(classFile));
            copy("/samples/" + SAMPLE_RECORDING, dir.resolve(SAMPLE_RECORDING));
            sampleCopied = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the sample job in " + dir, e);
        }
        return dir;
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = LocalCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Missing from the build: " + resource);
            }
            Path temp = Files.createTempFile(target.getParent(), "copy", ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
