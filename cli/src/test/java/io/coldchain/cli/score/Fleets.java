package io.coldchain.cli.score;

import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.network.Realism;
import java.time.Instant;

/** The simulated fleets the scorecard tests run. */
public final class Fleets {

    /** Seed of the end-to-end fleet. */
    public static final long SEED = 20250303L;

    private Fleets() {
    }

    /**
     * Every incident and confounder type twice over (the {@code all} mix cycles through them, then leaves a
     * shipment clean; a few legacy warm spells take some slots, so some types come once), on an imperfect
     * network: 34 shipments, about 26,000 events.
     */
    public static SimulationSettings endToEnd(final Instant start) {
        final int shipments = 2 * (IncidentType.drawable().size() + 1);
        return SimulationSettings.defaults(start).withShipments(shipments).withSeed(SEED).withWarmFraction(0.1)
                .withIncidents(IncidentMix.all()).withRealism(Realism.preset());
    }
}
