package io.meshwatch.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every setting the code reads (a {@code @ConfigProperty}, a {@code ${MPCONFIG=...}}
 * or a key of microprofile-config.properties) is in the README's configuration
 * table and in DEPLOYMENT.md's settings tables, under its environment-variable
 * name, with the default the code really uses; and those tables name nothing
 * the code does not read.
 */
class SettingsDocumentedTest {

    static final Path SOURCES = Path.of("src", "main", "java");
    static final Path PROPERTIES = Path.of("src", "main", "resources", "META-INF", "microprofile-config.properties");
    static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"(?:\\s*,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?\\s*\\)");
    static final Pattern MPCONFIG = Pattern.compile("\\$\\{MPCONFIG=([a-z0-9.-]+)}");
    static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    @ParameterizedTest
    @CsvSource({"README.md, ## Configuration", "docs/DEPLOYMENT.md, ## Settings"})
    void everySettingIsDocumentedWithItsDefault(String file, String heading) throws IOException {
        Map<String, String> code = settings();
        Map<String, String> documented = table(Files.readString(Path.of(file)), heading);
        List<String> problems = new ArrayList<>();
        code.forEach((variable, fallback) -> {
            String shown = documented.get(variable);
            if (shown == null) {
                problems.add(variable + " is missing");
            } else if (!fallback.isEmpty() && !shown.equals("`" + fallback + "`")) {
                problems.add(variable + ": the default is `" + fallback + "`, the table says " + shown);
            } else if (fallback.isEmpty() && shown.startsWith("`")) {
                problems.add(variable + ": the code has no default value, the table says " + shown);
            }
        });
        documented.keySet().stream().filter(variable -> !code.containsKey(variable))
                .forEach(variable -> problems.add(variable + " is documented but no code reads it"));
        assertEquals(List.of(), problems, file + " \"" + heading + "\"");
    }

    /** Environment-variable name to default ("" for none), from the code. */
    static Map<String, String> settings() throws IOException {
        Properties file = new Properties();
        file.load(new StringReader(Files.readString(PROPERTIES)));
        Map<String, String> annotated = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(SOURCES)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                Matcher property = CONFIG_PROPERTY.matcher(text);
                while (property.find()) {
                    String key = property.group(1);
                    String fallback = property.group(2) != null ? property.group(2) : file.getProperty(key, "");
                    String before = annotated.put(key, fallback);
                    if (before != null && !before.equals(fallback)) {
                        conflicts.add(key + " has the defaults " + before + " and " + fallback);
                    }
                }
                Matcher reference = MPCONFIG.matcher(text);
                while (reference.find()) {
                    annotated.putIfAbsent(reference.group(1), file.getProperty(reference.group(1), ""));
                }
            }
        }
        file.stringPropertyNames().stream().filter(key -> !key.startsWith("mp."))
                .forEach(key -> annotated.putIfAbsent(key, file.getProperty(key)));
        assertEquals(List.of(), conflicts);
        assertTrue(annotated.size() >= 40, "Only " + annotated.size() + " settings found in " + SOURCES);
        Map<String, String> byVariable = new TreeMap<>();
        annotated.forEach((key, fallback) ->
                byVariable.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), fallback));
        return byVariable;
    }

    /**
     * Variable to the default cell's text, from every table row under the heading
     * (up to the next heading of its level). A row may name several variables,
     * {@code `A` / `B`}, with as many defaults, {@code `1` / `2`}.
     */
    static Map<String, String> table(String document, String heading) {
        int start = document.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "No heading " + heading);
        int end = document.indexOf("\n" + heading.substring(0, heading.indexOf(' ') + 1), start + heading.length() + 1);
        String section = document.substring(start, end < 0 ? document.length() : end);
        Map<String, String> rows = new TreeMap<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> names = new ArrayList<>();
            Matcher variable = VARIABLE.matcher(cells[1]);
            while (variable.find()) {
                names.add(variable.group(1));
            }
            String[] defaults = cells[2].strip().split(" / ");
            assertTrue(defaults.length == names.size() || defaults.length == 1,
                    "Cannot pair the variables and defaults of: " + line);
            for (int i = 0; i < names.size(); i++) {
                rows.put(names.get(i), defaults[defaults.length == 1 ? 0 : i].strip());
            }
        }
        assertTrue(rows.size() >= 20, "Only " + rows.size() + " settings under " + heading);
        return rows;
    }
}
