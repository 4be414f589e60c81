package io.coldchain.rules.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The end of an expiry day that sets a serial's retention: remembered per date, always the parse's answer. */
class ExpiryEndOfDayTest {

    /** The answer as computed before the memo: a fresh parse every time. */
    private static Long parsed(final String isoDate) {
        if (isoDate == null) {
            return null;
        }
        try {
            return LocalDate.parse(isoDate.strip()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void shouldAnswerAsTheParseForValidBlankAndInvalidDates() {
        final List<String> dates = new ArrayList<>(List.of("2027-06-30", " 2027-06-30 ", "2027-06-30\n", "2028-02-29",
                "2027-02-29", "2027-13-01", "2027-6-30", "30.06.2027", "", " ", "\t", "not a date", "2027-06-30T00:00",
                "+12027-06-30", "0000-01-01", "-0001-12-31", "2027-06-3O"));
        final Random random = new Random(42L);
        for (int i = 0; i < 2_000; i++) {
            final LocalDate day = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(4_000));
            dates.add(random.nextInt(5) == 0 ? " " + day : day.toString());
        }
        for (int round = 0; round < 3; round++) {
            for (final String date : dates) {
                assertThat(SerialRules.endOfDay(date)).as("'%s' in round %d", date, round).isEqualTo(parsed(date));
            }
        }
        assertThat(SerialRules.endOfDay(null)).isNull();
    }

    @Test
    void shouldTellApartDatesThatShareAMemoSlot() {
        final String first = "2027-06-30";
        String second = null;
        for (int day = 1; second == null; day++) {
            final String candidate = LocalDate.of(2027, 1, 1).plusDays(day).toString();
            if (!candidate.equals(first) && (candidate.hashCode() & 63) == (first.hashCode() & 63)) {
                second = candidate;
            }
        }
        for (int i = 0; i < 4; i++) {
            assertThat(SerialRules.endOfDay(first)).isEqualTo(parsed(first));
            assertThat(SerialRules.endOfDay(second)).isEqualTo(parsed(second)).isNotEqualTo(parsed(first));
            assertThat(SerialRules.endOfDay("2027-99-99")).isNull();
        }
    }
}
