package io.ticketd.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonSyntaxErrorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            object cut short             | `{"a":1`         | the document ends before the object opened at column 1 is closed (column 7)
            cut after a field name       | `{"a":`          | the document ends before the object opened at column 1 is closed (column 6)
            inner array cut short        | `{"a":[1,2`      | the document ends before the array opened at column 6 is closed (column 10)
            cut inside a string          | `{"a":"xy`       | the document ends inside a string, before the object opened at column 1 is closed (column 9)
            object opened on line two    | `[1,\n {"b":`    | the document ends before the object opened at line 2, column 2 is closed (line 2, column 7)
            array of line two cut short  | `{"a":\n [1`     | the document ends before the array opened at line 2, column 2 is closed (line 2, column 4)
            between entries, line two    | `{"a":1,\n`      | Unexpected end-of-input within/between Object entries (line 2, column 1)
            unexpected character         | `{a:1}`          | Unexpected character ('a' (code 97)): was expecting double-quote to start field name (column 2)
            unexpected character, line 3 | `{\n"a":1,\n x}` | Unexpected character ('x' (code 120)): was expecting double-quote to start field name (line 3, column 2)
            """)
    void shouldNameTheReasonAndWhereWithoutTheParsersSourceDescription(String name, String document, String expected)
            throws Exception {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> MAPPER.readTree(document.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8)));

        String described = JsonSyntaxErrors.describe(e);

        assertThat(described).isEqualTo(expected).doesNotContain("Source");
    }
}
