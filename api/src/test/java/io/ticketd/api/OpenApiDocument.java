package io.ticketd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document as the server serves it, for the contract test: read and checked by
 * swagger-parser (structure, references), its schemas applied by networknt's JSON Schema
 * validator with the OpenAPI 3.1 dialect (JSON Schema 2020-12). Schemas are addressed by their
 * JSON pointer in the document, so a {@code $ref} resolves exactly as an OpenAPI tool resolves it.
 *
 * <p>Thread-safety: none; one per test class.
 */
final class OpenApiDocument {
    /** The base IRI the document is known by to the validator; never fetched. */
    private static final String BASE_IRI = "https://ticketd.invalid/openapi.yaml";
    private static final String RESPONSES_REF = "#/components/responses/";
    private static final String HEADERS_REF = "#/components/headers/";
    private static final String PARAMETERS_REF = "#/components/parameters/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> DOCUMENT_FIELDS = List.of("openapi", "info", "jsonSchemaDialect", "servers",
            "paths", "webhooks", "components", "security", "tags", "externalDocs");

    /** An operation: upper-case method and path template, as the router names a route. */
    record OperationKey(String method, String path) implements Comparable<OperationKey> {
        @Override
        public int compareTo(OperationKey o) {
            int byPath = path.compareTo(o.path);
            return byPath != 0 ? byPath : method.compareTo(o.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A response definition and the JSON pointer of its object in the document (after its $ref). */
    record ResponseDefinition(ApiResponse response, String pointer) {
    }

    private final OpenAPI model;
    private final JsonNode tree;
    /** The whole document as the validator reads it; each schema is one of its parts, by JSON pointer. */
    private final JsonSchema document;
    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();

    private OpenApiDocument(OpenAPI model, JsonNode tree, JsonSchemaFactory factory) {
        this.model = model;
        this.tree = tree;
        this.document = factory.getSchema(SchemaLocation.of(BASE_IRI),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    /** Parses the document; fails when swagger-parser reports any problem with it. */
    static OpenApiDocument parse(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
        if (result.getOpenAPI() == null || result.getMessages() != null && !result.getMessages().isEmpty()) {
            throw new AssertionError("the OpenAPI document does not parse cleanly: " + result.getMessages());
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not YAML", e);
        }
        // the document's own fields are not schema keywords: the validator passes over them quietly
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi31.getInstance())
                .keywords(DOCUMENT_FIELDS.stream().map(NonValidationKeyword::new).toList())
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE_IRI, yaml))));
        return new OpenApiDocument(result.getOpenAPI(), tree, factory);
    }

    OpenAPI model() {
        return model;
    }

    /** Every operation of the document. */
    Set<OperationKey> operations() {
        Set<OperationKey> keys = new TreeSet<>();
        model.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> keys.add(new OperationKey(method.name(), path))));
        return keys;
    }

    /** The methods the document gives a path, upper case. */
    Set<String> methods(String path) {
        Set<String> methods = new TreeSet<>();
        PathItem item = model.getPaths().get(path);
        if (item != null) {
            item.readOperationsMap().keySet().forEach(m -> methods.add(m.name()));
        }
        return methods;
    }

    Operation operation(OperationKey key) {
        PathItem item = model.getPaths().get(key.path());
        return item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(key.method()));
    }

    /** The operation's security, or the document's when it sets none. */
    private List<SecurityRequirement> security(OperationKey key) {
        List<SecurityRequirement> own = operation(key).getSecurity();
        return own != null ? own : model.getSecurity() == null ? List.of() : model.getSecurity();
    }

    /** True when a call needs some credential: no requirement of the operation is empty. */
    boolean requiresCredentials(OperationKey key) {
        List<SecurityRequirement> security = security(key);
        return !security.isEmpty() && security.stream().noneMatch(Map::isEmpty);
    }

    /** The scopes (roles) the named scheme needs for the operation, or null when the scheme is not one of its ways. */
    List<String> scopes(OperationKey key, String scheme) {
        for (SecurityRequirement requirement : security(key)) {
            if (requirement.containsKey(scheme)) {
                return requirement.get(scheme);
            }
        }
        return null;
    }

    /** The operation's parameters, their $refs followed. */
    List<Parameter> parameters(OperationKey key) {
        List<Parameter> out = new ArrayList<>();
        List<Parameter> declared = operation(key).getParameters();
        if (declared == null) {
            return out;
        }
        for (Parameter p : declared) {
            out.add(p.get$ref() == null ? p
                    : model.getComponents().getParameters().get(p.get$ref().substring(PARAMETERS_REF.length())));
        }
        return out;
    }

    /** The documented statuses of an operation. */
    Set<String> statuses(OperationKey key) {
        return new TreeSet<>(operation(key).getResponses().keySet());
    }

    /** The response an operation documents for a status, or null. */
    ResponseDefinition response(OperationKey key, int status) {
        ApiResponse declared = operation(key).getResponses().get(Integer.toString(status));
        if (declared == null) {
            return null;
        }
        String pointer = operationPointer(key) + "/responses/" + status;
        return declared.get$ref() == null ? new ResponseDefinition(declared, pointer) : component(declared.get$ref());
    }

    /** A response of {@code components/responses}, by its name. */
    ResponseDefinition componentResponse(String name) {
        return component(RESPONSES_REF + name);
    }

    private ResponseDefinition component(String ref) {
        String name = ref.substring(RESPONSES_REF.length());
        ApiResponse response = model.getComponents().getResponses().get(name);
        if (response == null) {
            throw new AssertionError("no response " + ref);
        }
        return new ResponseDefinition(response, "/components/responses/" + escape(name));
    }

    /** The JSON pointer of the request body schema for a media type, or null when not documented. */
    String requestSchemaPointer(OperationKey key, String mediaType) {
        var body = operation(key).getRequestBody();
        if (body == null || body.getContent() == null || !body.getContent().containsKey(mediaType)) {
            return null;
        }
        return operationPointer(key) + "/requestBody/content/" + escape(mediaType) + "/schema";
    }

    /** The media types the operation's request body takes; empty without a body. */
    Set<String> requestMediaTypes(OperationKey key) {
        var body = operation(key).getRequestBody();
        return body == null || body.getContent() == null ? Set.of() : new TreeSet<>(body.getContent().keySet());
    }

    /**
     * Checks a recorded response against its definition: the media type is one it lists, the body
     * validates against that media type's schema (JSON bodies as JSON, others as a string), and
     * every required header is present and validates against its schema.
     *
     * @return what does not match, empty when everything does
     */
    List<String> check(ResponseDefinition definition, String contentType, Map<String, String> headers, String body) {
        List<String> problems = new ArrayList<>();
        Map<String, MediaType> content = definition.response().getContent();
        if (content == null || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                problems.add("documented without a body, answered " + contentType + ": " + abbreviate(body));
            }
        } else {
            String mediaType = contentType == null ? null
                    : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (mediaType == null || !content.containsKey(mediaType)) {
                problems.add("answered Content-Type " + contentType + ", documented " + content.keySet());
            } else if (content.get(mediaType).getSchema() != null) {
                JsonNode value = isJson(mediaType) ? readJson(body, problems) : TextNode.valueOf(body);
                if (value != null) {
                    problems.addAll(validate(value, definition.pointer() + "/content/" + escape(mediaType)
                            + "/schema"));
                }
            }
        }
        if (definition.response().getHeaders() != null) {
            definition.response().getHeaders().forEach((name, header) -> {
                String pointer = definition.pointer() + "/headers/" + escape(name);
                Header h = header;
                if (header.get$ref() != null) {
                    String ref = header.get$ref().substring(HEADERS_REF.length());
                    h = model.getComponents().getHeaders().get(ref);
                    pointer = "/components/headers/" + escape(ref);
                }
                String value = headers.get(name.toLowerCase(Locale.ROOT));
                if (value == null) {
                    if (Boolean.TRUE.equals(h.getRequired())) {
                        problems.add("the required header " + name + " is missing");
                    }
                    return;
                }
                problems.addAll(validate(headerValue(value, pointer + "/schema"), pointer + "/schema").stream()
                        .map(p -> "header " + name + ": " + p).toList());
            });
        }
        return problems;
    }

    /** Validates a value against the schema at a JSON pointer of the document. */
    List<String> validate(JsonNode value, String schemaPointer) {
        JsonSchema schema = schemas.computeIfAbsent(schemaPointer, p -> document.getRefSchema(
                SchemaLocation.of(BASE_IRI + "#" + p.replace("{", "%7B").replace("}", "%7D")).getFragment()));
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(value)) {
            problems.add(m.getMessage());
        }
        return problems;
    }

    /** What {@link #checkExamples} found: how many examples it validated, and those that do not validate. */
    record ExampleCheck(int checked, List<String> problems) {
    }

    /**
     * Validates every example of the document against its schema: the {@code examples} (and
     * {@code example}) of media types, parameters and headers against their {@code schema}, and
     * the {@code examples} list of every schema against that schema.
     */
    ExampleCheck checkExamples() {
        List<String> problems = new ArrayList<>();
        int[] checked = new int[1];
        walkExamples(tree, "", problems, checked);
        return new ExampleCheck(checked[0], problems);
    }

    private void walkExamples(JsonNode node, String pointer, List<String> problems, int[] count) {
        if (node.isObject()) {
            JsonNode examples = node.get("examples");
            if (examples != null && examples.isArray()) {
                for (int i = 0; i < examples.size(); i++) {
                    count[0]++;
                    report(problems, pointer + "/examples/" + i, validate(examples.get(i), pointer));
                }
            }
            if (node.has("schema") && examples != null && examples.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = examples.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode example = e.getValue().has("$ref") ? resolve(e.getValue().get("$ref").asText())
                            : e.getValue();
                    if (example.has("value")) {
                        count[0]++;
                        report(problems, pointer + "/examples/" + escape(e.getKey()),
                                validate(example.get("value"), pointer + "/schema"));
                    }
                }
            }
            if (node.has("schema") && node.has("example")) {
                count[0]++;
                report(problems, pointer + "/example", validate(node.get("example"), pointer + "/schema"));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walkExamples(e.getValue(), pointer + "/" + escape(e.getKey()), problems, count);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkExamples(node.get(i), pointer + "/" + i, problems, count);
            }
        }
    }

    private static void report(List<String> problems, String where, List<String> found) {
        if (!found.isEmpty()) {
            problems.add(where + ": " + found);
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            throw new AssertionError("only references within the document are expected, got " + ref);
        }
        return tree.at(ref.substring(1));
    }

    /** A header's value as its schema types it: an integer header as a number, others as text. */
    private JsonNode headerValue(String value, String schemaPointer) {
        JsonNode type = tree.at(schemaPointer + "/type");
        if (type.isTextual() && type.asText().equals("integer")) {
            try {
                return LongNode.valueOf(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return TextNode.valueOf(value);
            }
        }
        return TextNode.valueOf(value);
    }

    private static JsonNode readJson(String body, List<String> problems) {
        try {
            return ServerFixture.JSON.readTree(body);
        } catch (IOException e) {
            problems.add("the body is not JSON: " + abbreviate(body));
            return null;
        }
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String operationPointer(OperationKey key) {
        return "/paths/" + escape(key.path()) + "/" + key.method().toLowerCase(Locale.ROOT);
    }

    /** Escapes a JSON pointer segment (RFC 6901). */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
