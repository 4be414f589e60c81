package io.coldchain.rules.serial;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * What the identifier of one pack says about it: its SGTIN and, when the code carries them, the lot (GS1 AI 10)
 * and expiry (AI 17) printed on that very pack, as a GS1 DataMatrix element string or a GS1 Digital Link
 * ({@code /10/{lot}} qualifier, {@code ?17=} or {@code ?exp=} attribute) holds them. {@link Sgtin#parse} reads the
 * same forms and keeps only the SGTIN.
 *
 * @param sgtin      the pack's serialised GTIN
 * @param lot        the lot the code carries, or null when it carries none
 * @param expiryDate the expiry the code carries, YYYY-MM-DD, or null when it carries none
 */
public record PackCode(Sgtin sgtin, String lot, String expiryDate) {

    /**
     * Parses a pack identifier in any of the forms {@link Sgtin} accepts, keeping the lot and expiry it carries.
     *
     * @throws InvalidSgtinException with the reason when it is none of them, or a part of it is invalid
     */
    public static PackCode parse(final String raw) {
        return Sgtin.parsePack(raw);
    }

    /**
     * The ISO date of a GS1 AI 17 (expiry) value {@code YYMMDD}. The century is always 20YY: GS1's sliding
     * century rule (GS1 General Specifications 7.12) decides by today's date, which would make the alerts of a replay
     * depend on the day it runs. {@code DD = 00} means the last day of the month, as GS1 prescribes.
     *
     * @param ai     the AI, for the reason
     * @param yymmdd the six digits as read
     * @param shown  the whole identifier, for the error
     * @throws InvalidSgtinException if it is not six digits or not a date
     */
    static String isoDate(final String ai, final String yymmdd, final String shown) {
        if (yymmdd.length() != 6 || !Gtin.allDigits(yymmdd)) {
            throw new InvalidSgtinException(shown, "AI " + ai + " expiry '" + yymmdd + "' must be 6 digits YYMMDD");
        }
        final int year = 2000 + Integer.parseInt(yymmdd.substring(0, 2));
        final int month = Integer.parseInt(yymmdd.substring(2, 4));
        final int day = Integer.parseInt(yymmdd.substring(4, 6));
        try {
            final LocalDate date = day == 0 ? YearMonth.of(year, month).atEndOfMonth() : LocalDate.of(year, month, day);
            return date.toString();
        } catch (DateTimeException e) {
            throw new InvalidSgtinException(shown, "AI " + ai + " expiry " + yymmdd + " is not a date");
        }
    }
}
