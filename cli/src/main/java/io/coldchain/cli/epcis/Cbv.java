package io.coldchain.cli.epcis;

import java.util.Optional;
import java.util.Set;

/**
 * The GS1 Core Business Vocabulary 2.0 terms coldchain writes, as the Web URIs of CBV 2.0 section 6
 * ({@code https://ref.gs1.org/cbv/BizStep-shipping}, {@code .../Disp-in_transit}, {@code .../ER-incorrect_data},
 * {@code .../SDT-possessing_party}). Our records carry bare terms ({@code shipping}); a value that is already a URI
 * (a CBV URI, a legacy {@code urn:epcglobal:cbv:...} or a private vocabulary) passes unchanged. A bare term CBV
 * does not define is written as {@code urn:coldchain:cbv:<vocabulary>:<term>}, a private extension value, so no
 * record is dropped and no CBV URI is invented.
 */
public final class Cbv {

    public static final String BASE = "https://ref.gs1.org/cbv/";
    public static final String EXTENSION = "urn:coldchain:cbv:";

    /** CBV 2.0 section 7.1: business steps. */
    static final Set<String> BIZ_STEPS = Set.of("accepting", "arriving", "assembling", "collecting", "commissioning",
            "consigning", "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
            "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing",
            "killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging", "repairing",
            "replacing", "reserving", "retail_selling", "sampling", "sensor_reporting", "shipping",
            "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking",
            "void_shipping");

    /** CBV 2.0 section 7.2: dispositions. */
    static final Set<String> DISPOSITIONS = Set.of("active", "available", "completeness_inferred",
            "completeness_verified", "conformant", "container_closed", "container_open", "damaged", "destroyed",
            "dispensed", "disposed", "encoded", "expired", "in_progress", "in_transit", "inactive",
            "mismatch_instance", "mismatch_class", "mismatch_quantity", "needs_replacement", "no_pedigree_match",
            "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold",
            "returned", "sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown");

    /** CBV 2.0 section 7.5: error reasons. */
    static final Set<String> ERROR_REASONS = Set.of("did_not_occur", "incorrect_data");

    /** CBV 2.0 section 7.4: source/destination types. */
    static final Set<String> SOURCE_DESTINATION_TYPES = Set.of("owning_party", "possessing_party", "location");

    /** One CBV vocabulary: its URI prefix and terms. */
    public enum Vocabulary {
        BIZ_STEP("BizStep-", "bizStep", BIZ_STEPS),
        DISPOSITION("Disp-", "disposition", DISPOSITIONS),
        ERROR_REASON("ER-", "errorReason", ERROR_REASONS),
        SOURCE_DESTINATION_TYPE("SDT-", "sourceDestinationType", SOURCE_DESTINATION_TYPES);

        private final String prefix;
        private final String extensionName;
        private final Set<String> terms;

        Vocabulary(final String prefix, final String extensionName, final Set<String> terms) {
            this.prefix = prefix;
            this.extensionName = extensionName;
            this.terms = terms;
        }

        /** {@code shipping} → {@code https://ref.gs1.org/cbv/BizStep-shipping}; a URI unchanged. */
        public String uri(final String value) {
            final String term = value.strip();
            if (isUri(term)) {
                return term;
            }
            return terms.contains(term) ? BASE + prefix + term : EXTENSION + extensionName + ':' + term;
        }

        /** The bare term of a CBV URI of this vocabulary (or of a bare CBV term), else empty. */
        public Optional<String> term(final String value) {
            final String candidate = value.startsWith(BASE + prefix) ? value.substring((BASE + prefix).length())
                    : value;
            return terms.contains(candidate) ? Optional.of(candidate) : Optional.empty();
        }
    }

    private Cbv() {
    }

    /** A URI by RFC 3986's scheme rule: letter, then letters, digits, '+', '-', '.', then ':'. */
    public static boolean isUri(final String value) {
        final int colon = value.indexOf(':');
        if (colon < 1 || colon == value.length() - 1 || !asciiLetter(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            final char c = value.charAt(i);
            if (!(asciiLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return value.chars().noneMatch(Character::isWhitespace);
    }

    private static boolean asciiLetter(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
