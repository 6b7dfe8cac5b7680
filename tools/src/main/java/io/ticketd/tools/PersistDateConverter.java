package io.ticketd.tools;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A persistDate given on the command line ({@code --from}, {@code --to}): microseconds
 * since the epoch as the API writes them ({@code 1767225600000000}), an ISO-8601 time
 * with its offset ({@code 2026-01-01T00:00:00Z}, {@code 2026-01-01T01:00:00+01:00}), or a
 * day, which stands for its first microsecond in UTC ({@code 2026-01-01}).
 *
 * <p>Thread-safety: stateless.
 */
public final class PersistDateConverter implements ITypeConverter<Long> {
    /** What the option's help says it takes. */
    public static final String FORMS = "microseconds since the epoch, an ISO-8601 time such as 2026-01-01T00:00:00Z,"
            + " or a day such as 2026-01-01 (midnight UTC)";

    @Override
    public Long convert(String value) {
        String text = value.strip();
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw invalid(value);
            }
        }
        try {
            Instant instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(value);
        }
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("must be " + FORMS + "; got '" + value + "'");
    }
}
