package io.meshwatch.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * docs/openapi.yaml or docs/asyncapi.yaml, read to check JSON against the
 * schemas it declares. Both documents keep their schemas under
 * {@code components.schemas} and refer to them as {@code #/components/schemas/...};
 * OpenAPI 3.0's {@code nullable: true} is read as JSON Schema's type {@code [T, "null"]}.
 */
public final class ApiDocument {

    public static final Path OPENAPI = Path.of("docs", "openapi.yaml");
    public static final Path ASYNCAPI = Path.of("docs", "asyncapi.yaml");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private final JsonNode root;
    private final JsonNode components;

    private ApiDocument(JsonNode root) {
        this.root = root;
        this.components = withNullable(root.path("components").deepCopy());
    }

    public static ApiDocument read(Path path) {
        return new ApiDocument(parse(path));
    }

    public static JsonNode parse(Path path) {
        try {
            return YAML.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parseYaml(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parseJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** A {@code $ref} such as {@code #/components/examples/JobNotFound}, resolved in this document. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("Only local references are expected here: " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalArgumentException("Unresolved reference " + ref);
            }
        }
        return current;
    }

    /** The messages of validating {@code instance} against {@code schema}; empty when it is valid. */
    public List<String> validate(JsonNode schema, JsonNode instance) {
        ObjectNode document = withNullable(schema.deepCopy()) instanceof ObjectNode object ? object
                : JSON.createObjectNode();
        document.set("components", components);
        JsonSchema compiled = SCHEMAS.getSchema(document, CONFIG);
        return compiled.validate(instance).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** The schema of a component, by name. */
    public JsonNode schema(String name) {
        JsonNode schema = root.path("components").path("schemas").path(name);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("No schema " + name);
        }
        return schema;
    }

    private static JsonNode withNullable(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("nullable").asBoolean(false) && object.get("type") != null
                    && object.get("type").isTextual()) {
                ArrayNode types = JSON.createArrayNode().add(object.get("type").asText()).add("null");
                object.set("type", types);
                JsonNode values = object.get("enum");
                if (values instanceof ArrayNode list) {
                    list.addNull();
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                withNullable(fields.next().getValue());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ApiDocument::withNullable);
        }
        return node;
    }
}
