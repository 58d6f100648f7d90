package io.meshwatch.platform;

/**
 * Texts shared by the OpenAPI annotations on the resources. The schemas and
 * examples they name by {@code ref} are in {@code META-INF/openapi.yaml},
 * written in the JSON's own snake_case names.
 */
public final class ApiDocs {

    public static final String JSON = "application/json";
    public static final String ERROR = "Error";

    public static final String BAD_REQUEST = "Malformed input: not JSON, a missing or invalid field or parameter";
    public static final String NOT_FOUND_PROJECT = "No such project";
    public static final String NOT_FOUND_JOB = "No such job";
    public static final String TOO_LARGE = "Body over MESHWATCH_HTTP_MAX_BODY_BYTES (1 MiB by default)";
    public static final String NOT_JSON = "Content-Type missing or not application/json";

    private ApiDocs() {
    }
}
