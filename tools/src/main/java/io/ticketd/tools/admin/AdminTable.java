package io.ticketd.tools.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a kind of admin resource reads on a terminal: its columns, each a label and the
 * text of one field. A list prints as a table with a header row, one resource a row;
 * one resource prints as aligned {@code Label:  value} lines. Dates (microseconds in
 * the API) print as ISO-8601 UTC to the second; absent values as {@code -}.
 *
 * <p>Immutable.
 *
 * @param columns in the order they print
 */
record AdminTable(List<Column> columns) {
    private static final String NONE = "-";
    private static final String GAP = "  ";

    /** One column: its label and how its text is taken from a resource. */
    record Column(String label, Function<JsonNode, String> text) {
    }

    static AdminTable of(Column... columns) {
        return new AdminTable(List.of(columns));
    }

    /** A text field of the resource; {@code -} when absent or null. */
    static Column field(String label, String field) {
        return new Column(label, node -> text(node.get(field)));
    }

    /** A date field (microseconds since the epoch) as ISO-8601 UTC. */
    static Column date(String label, String field) {
        return new Column(label, node -> date(node.get(field)));
    }

    /** A list field, comma-separated; {@code whenNull} when the list is null. */
    static Column joined(String label, String field, String whenNull) {
        return new Column(label, node -> joined(node.get(field), whenNull));
    }

    /** Prints an array of resources as a table, or {@code emptyMessage} when it holds none. */
    void writeRows(PrintWriter out, JsonNode array, String emptyMessage) {
        if (array.isEmpty()) {
            out.println(emptyMessage);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns.size()];
        for (int c = 0; c < header.length; c++) {
            header[c] = columns.get(c).label().toUpperCase(Locale.ROOT);
        }
        rows.add(header);
        for (JsonNode node : array) {
            String[] row = new String[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = columns.get(c).text().apply(node);
            }
            rows.add(row);
        }
        int[] widths = new int[columns.size()];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(row[c]);
                if (c < row.length - 1) {
                    line.append(" ".repeat(widths[c] - row[c].length())).append(GAP);
                }
            }
            out.println(line);
        }
    }

    /** Prints one resource as aligned {@code Label:  value} lines. */
    void writeRecord(PrintWriter out, JsonNode node) {
        int width = 0;
        for (Column c : columns) {
            width = Math.max(width, c.label().length() + 1);
        }
        for (Column c : columns) {
            String label = c.label() + ":";
            out.println(label + " ".repeat(width - label.length()) + GAP + c.text().apply(node));
        }
    }

    static String text(JsonNode value) {
        return value == null || value.isNull() ? NONE : value.asText();
    }

    static String date(JsonNode micros) {
        if (micros == null || !micros.canConvertToLong()) {
            return NONE;
        }
        Instant instant = Instant.EPOCH.plus(micros.asLong(), ChronoUnit.MICROS).truncatedTo(ChronoUnit.SECONDS);
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static String joined(JsonNode values, String whenNull) {
        if (values == null || values.isNull()) {
            return whenNull;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode v : values) {
            texts.add(v.asText());
        }
        return texts.isEmpty() ? NONE : String.join(",", texts);
    }
}
