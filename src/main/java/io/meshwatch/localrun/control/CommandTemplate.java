package io.meshwatch.localrun.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code MESHWATCH_LOCAL_COMMAND}: a command line split into arguments like a
 * shell would (whitespace, '...' and "..." quotes) but never run by a shell, with
 * placeholders replaced inside each argument. Values therefore cannot inject.
 */
public final class CommandTemplate {

    public static final List<String> PLACEHOLDERS =
            List.of("job_id", "project_id", "strategy", "workdir", "output", "input");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final List<String> tokens;

    private CommandTemplate(List<String> tokens) {
        this.tokens = tokens;
    }

    public static CommandTemplate parse(String template) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = null;
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (current == null) {
                    current = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (current != null) {
                    tokens.add(current.toString());
                    current = null;
                }
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                current.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("Unclosed quote in the local command template");
        }
        if (current != null) {
            tokens.add(current.toString());
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("The local command template is empty");
        }
        for (String token : tokens) {
            Matcher m = PLACEHOLDER.matcher(token);
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    throw new IllegalArgumentException("Unknown placeholder {" + m.group(1)
                            + "} in the local command template; known: " + PLACEHOLDERS);
                }
            }
        }
        return new CommandTemplate(List.copyOf(tokens));
    }

    /** The argument list with every placeholder replaced by its value. */
    public List<String> expand(Map<String, String> values) {
        List<String> argv = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            Matcher m = PLACEHOLDER.matcher(token);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("No value for {" + m.group(1) + "}");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            argv.add(out.toString());
        }
        return argv;
    }
}
