package io.coldchain.cli.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A {@code Retry-After} header (RFC 9110): seconds, or an HTTP date; anything else is ignored. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** How long the receiver asks to wait, from {@code now}; empty when absent or unreadable. */
    static Optional<Duration> parse(final String value, final Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        final String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        try {
            final Duration wait = Duration.between(now,
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
