package io.meshwatch.localrun.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {

    static final Map<String, String> VALUES = Map.of(
            "job_id", "local-7", "project_id", "3", "strategy", "hxt",
            "workdir", "/w/local-7", "output", "/w/local-7/mesh.msh", "input", "/w/local-7/input.geo");

    @Test
    void replacesPlaceholdersInsideArguments() {
        CommandTemplate cut = CommandTemplate.parse("gmsh {input} -3 -o {output} -setstring tag job={job_id}");
        assertEquals(List.of("gmsh", "/w/local-7/input.geo", "-3", "-o", "/w/local-7/mesh.msh", "-setstring", "tag",
                "job=local-7"), cut.expand(VALUES));
    }

    @Test
    void quotesKeepSpacesInOneArgument() {
        CommandTemplate cut = CommandTemplate.parse("sh -c 'echo \"{strategy}\" > {output}' \"two words\"");
        assertEquals(List.of("sh", "-c", "echo \"hxt\" > /w/local-7/mesh.msh", "two words"), cut.expand(VALUES));
    }

    @Test
    void aValueNeverBecomesMoreThanOneArgument() {
        Map<String, String> hostile = new java.util.HashMap<>(VALUES);
        hostile.put("strategy", "x; rm -rf / $(reboot) {output}");
        List<String> argv = CommandTemplate.parse("mesher --strategy {strategy}").expand(hostile);
        assertEquals(List.of("mesher", "--strategy", "x; rm -rf / $(reboot) {output}"), argv);
    }

    @Test
    void unknownPlaceholdersAndBadTemplatesAreRefusedWithAReason() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CommandTemplate.parse("gmsh {geometry}"));
        assertTrue(unknown.getMessage().contains("{geometry}"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.parse("gmsh 'open"));
        assertThrows(IllegalArgumentException.class, () -> CommandTemplate.parse("   "));
    }
}
