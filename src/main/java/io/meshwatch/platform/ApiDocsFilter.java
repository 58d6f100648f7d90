package io.meshwatch.platform;

import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;

/**
 * Mends /openapi where the scanner guesses from Java types and gets it wrong:
 * it drops the boundary's {@code ...View} records under their camelCase field
 * names (JSON-B writes snake_case; META-INF/openapi.yaml has the real shapes)
 * and the catch-all {@code *}{@code /*} body of the webhook, which reads raw bytes
 * only to check their signature but takes JSON. And it links an
 * {@code @ExampleObject} that has only a name to the example of that name in
 * META-INF/openapi.yaml: Payara loses an annotation's {@code ref} when it
 * merges, and a JSON string as {@code value} would be served as a string.
 */
public class ApiDocsFilter implements OASFilter {

    @Override
    public RequestBody filterRequestBody(RequestBody body) {
        Content content = body.getContent();
        if (content != null && content.hasMediaType(ApiDocs.JSON) && content.hasMediaType("*/*")) {
            content.removeMediaType("*/*");
        }
        return body;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            return;
        }
        if (components.getSchemas() != null) {
            components.getSchemas().keySet().stream()
                    .filter(name -> name.endsWith("View"))
                    .toList()
                    .forEach(components::removeSchema);
        }
        Map<String, Example> named = components.getExamples();
        if (named != null && openAPI.getPaths() != null) {
            mediaTypes(openAPI).forEach(media -> media.getExamples().forEach((name, example) -> {
                if (example.getValue() == null && example.getRef() == null && named.containsKey(name)) {
                    example.setRef(name);
                }
            }));
        }
    }

    private static Stream<MediaType> mediaTypes(OpenAPI openAPI) {
        return openAPI.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream())
                .flatMap(operation -> Stream.concat(
                        operation.getResponses() == null ? Stream.empty()
                                : operation.getResponses().getAPIResponses().values().stream()
                                        .map(response -> response.getContent()),
                        Stream.of(operation.getRequestBody() == null ? null : operation.getRequestBody().getContent())))
                .filter(Objects::nonNull)
                .flatMap(content -> content.getMediaTypes().values().stream())
                .filter(media -> media.getExamples() != null);
    }
}
