package io.ticketd.tools.export;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketPageReaderTest {

    private static String result(byte[] body, TicketPageReader.Page page, int i) {
        return new String(body, page.offset(i), page.length(i), StandardCharsets.UTF_8);
    }

    @Test
    void shouldFindEachResultsExactBytesAndTheCursor() throws Exception {
        byte[] body = ("{\"content\":{\"cursor\":\"abc\",\"resultCount\":3,\"results\":[{\"a\":\"}\\\"{\",\"é\":1.50},"
                + "{\"n\":{\"m\":[{}]}},{}]}}").getBytes(StandardCharsets.UTF_8);
        TicketPageReader.Page page = TicketPageReader.read(body);
        assertThat(page.cursor()).isEqualTo("abc");
        assertThat(page.resultCount()).isEqualTo(3);
        assertThat(result(body, page, 0)).isEqualTo("{\"a\":\"}\\\"{\",\"é\":1.50}");
        assertThat(result(body, page, 1)).isEqualTo("{\"n\":{\"m\":[{}]}}");
        assertThat(result(body, page, 2)).isEqualTo("{}");
    }

    @Test
    void shouldReadANullCursorAnEmptyPageAndFieldsInAnyOrder() throws Exception {
        TicketPageReader.Page page = TicketPageReader.read(
                "{\"content\":{\"results\":[],\"extra\":{\"x\":[1]},\"cursor\":null}}".getBytes(StandardCharsets.UTF_8));
        assertThat(page.cursor()).isNull();
        assertThat(page.resultCount()).isZero();
    }

    @Test
    void shouldReadMoreResultsThanItFirstMakesRoomFor() throws Exception {
        StringBuilder body = new StringBuilder("{\"content\":{\"cursor\":null,\"resultCount\":50,\"results\":[");
        for (int i = 0; i < 50; i++) {
            body.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
        }
        byte[] bytes = body.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
        TicketPageReader.Page page = TicketPageReader.read(bytes);
        assertThat(page.resultCount()).isEqualTo(50);
        assertThat(result(bytes, page, 49)).isEqualTo("{\"i\":49}");
    }

    @Test
    void shouldRejectWhatIsNotAPage() {
        for (String body : new String[] {"", "[]", "{\"content\":{\"results\":[]}}", "{\"content\":{\"cursor\":null}}",
                "{\"content\":{\"cursor\":null,\"resultCount\":2,\"results\":[{}]}}",
                "{\"content\":{\"cursor\":null,\"results\":[1]}}", "{\"content\":{\"cursor\":1,\"results\":[]}}",
                "{\"content\":{\"cursor\":null,\"results\":[{\"a\":}]}}", "{\"error\":{}}"}) {
            assertThatThrownBy(() -> TicketPageReader.read(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOf(TicketPageReader.MalformedPageException.class)
                    .hasMessageStartingWith("the server's page is not as expected: ");
        }
    }
}
