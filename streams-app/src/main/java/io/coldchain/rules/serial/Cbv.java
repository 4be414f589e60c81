package io.coldchain.rules.serial;

import java.util.Locale;
import java.util.Set;

/**
 * The GS1 Core Business Vocabulary terms the serial rules act on. Events carry bare names
 * ({@code shipping}, {@code in_transit}); the URN and Web URI forms ({@code urn:epcglobal:cbv:bizstep:shipping},
 * {@code https://ref.gs1.org/cbv/BizStep-shipping}) are accepted too.
 */
public final class Cbv {

    public static final String COMMISSIONING = "commissioning";
    public static final String SHIPPING = "shipping";
    public static final String RECEIVING = "receiving";
    public static final String IN_TRANSIT = "in_transit";

    /** Steps after which a pack must never be seen again. */
    private static final Set<String> END_OF_LIFE_STEPS = Set.of("dispensing", "decommissioning", "destroying");
    private static final Set<String> END_OF_LIFE_DISPOSITIONS = Set.of("dispensed", "destroyed", "decommissioned");

    private Cbv() {
    }

    /** The bare, lower-case term: {@code urn:epcglobal:cbv:bizstep:shipping} → {@code shipping}. */
    public static String bare(final String term) {
        if (term == null) {
            return "";
        }
        final String t = term.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("urn:")) {
            return t.substring(t.lastIndexOf(':') + 1);
        }
        if (t.startsWith("http://") || t.startsWith("https://")) {
            final String last = t.substring(t.lastIndexOf('/') + 1);
            final int dash = last.indexOf('-');
            return dash < 0 ? last : last.substring(dash + 1);
        }
        return t;
    }

    /** Whether the event commissions the packs: business step commissioning, or EPCIS action ADD. */
    public static boolean commissions(final String action, final String bizStep) {
        return "ADD".equals(action) || COMMISSIONING.equals(bare(bizStep));
    }

    /** Whether the event ends the packs' life: dispensed, decommissioned (action DELETE) or destroyed. */
    public static boolean endsLife(final String action, final String bizStep, final String disposition) {
        return "DELETE".equals(action) || END_OF_LIFE_STEPS.contains(bare(bizStep))
                || END_OF_LIFE_DISPOSITIONS.contains(bare(disposition));
    }

    /** Whether a party takes the goods in by this business step: receiving or accepting (any CBV form). */
    public static boolean takesIn(final String bizStep) {
        final String bare = bare(bizStep);
        return "receiving".equals(bare) || "accepting".equals(bare);
    }
}
