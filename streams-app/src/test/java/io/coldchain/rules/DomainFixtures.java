package io.coldchain.rules;

import io.coldchain.contract.Contracts;
import io.coldchain.domain.CustodyEvent;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.domain.TemperatureReading;
import io.coldchain.streams.Plans;
import java.time.Duration;

/**
 * The shared test fixtures ({@link Plans}: published records) as the rules see them, mapped through the one seam
 * ({@link Contracts}), so the rule tests get exactly what the processors hand over.
 */
public final class DomainFixtures {

    private DomainFixtures() {
    }

    /** {@link Plans#baselToFrankfurt}, as a domain plan builder. */
    public static ShipmentPlan.Builder baselToFrankfurt(final String shipmentId) {
        return Contracts.toDomain(Plans.baselToFrankfurt(shipmentId).build()).toBuilder();
    }

    /** {@link Plans#reading}, as a domain reading. */
    public static TemperatureReading reading(final String shipmentId, final Duration afterDeparture,
                                             final double celsius) {
        return Contracts.toDomain(Plans.reading(shipmentId, afterDeparture, celsius));
    }

    /**
     * A custody event built in a test, with the content fingerprint the seam gives every published event (a test
     * builds the domain record directly, which carries none).
     */
    public static CustodyEvent published(final CustodyEvent event) {
        return Contracts.toDomain(Contracts.toWire(event));
    }
}
