package io.coldchain.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.replay.ReplaySelection.Input;
import io.coldchain.cli.replay.ReplaySelection.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A replay selects its slice, the plans in force and the history the serial checks need")
class ReplaySelectionTest {

    private static final String GTIN = "00614141123452";
    private static final String PACK_A = GTIN + ".A1";
    private static final String PACK_B = GTIN + ".B1";
    private static final String CLONE_OF_A = GTIN + ".A1";

    /** A small history: two shipments sharing nothing, a clone of A's pack in C, and telemetry at hours 1..5. */
    private static final List<Input<String>> HISTORY = List.of(
            input(Kind.CUSTODY, "OLD", 0, "old-commissioning", PACK_A),
            input(Kind.PLAN, "A", 10, "a-plan-1", PACK_A),
            input(Kind.PLAN, "B", 10, "b-plan-1", PACK_B),
            input(Kind.READING, "A", 50, "a-reading-early"),
            input(Kind.READING, "A", 100, "a-reading-1"),
            input(Kind.FIX, "A", 150, "a-fix-1"),
            input(Kind.CUSTODY, "A", 120, "a-shipping", PACK_A),
            input(Kind.READING, "B", 100, "b-reading-1"),
            input(Kind.PLAN, "C", 140, "c-plan-1"),
            input(Kind.CUSTODY, "C", 160, "c-sighting-of-clone", CLONE_OF_A),
            input(Kind.PLAN, "A", 180, "a-plan-2-delivered", PACK_A),
            input(Kind.READING, "A", 200, "a-reading-2"),
            input(Kind.READING, "A", 400, "a-reading-late"),
            input(Kind.PLAN, "A", 450, "a-plan-3-after", PACK_A),
            input(Kind.CUSTODY, "C", 500, "c-sighting-after", CLONE_OF_A));

    private static Input<String> input(final Kind kind, final String shipment, final long time, final String name,
                                       final String... serials) {
        return new Input<>(kind, shipment, time, List.of(serials), name);
    }

    private static List<String> selected(final ReplaySlice slice) {
        return ReplaySelection.select(HISTORY, slice).records().stream().map(Input::source).toList();
    }

    private static ReplaySlice slice(final long from, final long to, final Set<String> shipments, final Set<String> serials) {
        return new ReplaySlice(from, to, new TreeSet<>(shipments), new TreeSet<>(serials));
    }

    @Test
    void shouldTakeTheShipmentsTelemetryInTheWindowItsPlansInForceAndItsPacksHistory() {
        final List<String> records = selected(slice(100, 300, Set.of("A"), Set.of()));

        assertThat(records).containsExactly(
                "old-commissioning",                   // the pack's history before --from
                "a-plan-1",                            // the plan in force at --from, issued before it
                "a-reading-1", "a-fix-1", "a-shipping", // the slice
                "c-plan-1",                            // the plan of a shipment that scanned the pack
                "c-sighting-of-clone",                 // the clone, sighted elsewhere within the window
                "a-plan-2-delivered",                  // a plan version issued within the window
                "a-reading-2");
        assertThat(records).as("outside the window, or of another shipment")
                .doesNotContain("a-reading-early", "a-reading-late", "a-plan-3-after", "c-sighting-after", "b-plan-1",
                        "b-reading-1");
    }

    @Test
    void shouldNameTheContextShipmentsApartFromTheSelectedOnes() {
        final ReplaySelection.Result<String> result = ReplaySelection.select(HISTORY,
                slice(100, 300, Set.of("A"), Set.of()));

        assertThat(result.shipments()).containsExactly("A");
        assertThat(result.context()).containsExactlyInAnyOrder("OLD", "C");
    }

    @Test
    void shouldSelectTheShipmentsOfAPackByPlanOrScan() {
        final ReplaySelection.Result<String> result = ReplaySelection.select(HISTORY,
                slice(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Set.of(ReplaySelection.normalise(PACK_B))));

        assertThat(result.shipments()).containsExactly("B");
        assertThat(result.records()).extracting(Input::source).containsExactly("b-plan-1", "b-reading-1");
    }

    @Test
    void shouldTakeEveryShipmentWithDataInTheWindowWhenNoneIsNamed() {
        final ReplaySelection.Result<String> result = ReplaySelection.select(HISTORY,
                slice(90, 110, Set.of(), Set.of()));

        assertThat(result.shipments()).containsExactlyInAnyOrder("A", "B");
        assertThat(result.records()).extracting(Input::source)
                .containsExactly("old-commissioning", "a-plan-1", "b-plan-1", "a-reading-1", "b-reading-1");
    }

    @Test
    void shouldTakeTheEarliestPlanWhenEveryVersionWasIssuedAfterTheWindow() {
        final List<Input<String>> history = new ArrayList<>(List.of(
                input(Kind.READING, "LATE-PLAN", 100, "reading"),
                input(Kind.PLAN, "LATE-PLAN", 500, "plan-1"),
                input(Kind.PLAN, "LATE-PLAN", 600, "plan-2")));

        assertThat(ReplaySelection.select(history, slice(0, 200, Set.of("LATE-PLAN"), Set.of())).records())
                .extracting(Input::source).containsExactly("reading", "plan-1");
    }

    @Test
    void shouldRecogniseAPackInAnyOfItsForms() {
        assertThat(ReplaySelection.normalise("https://id.gs1.org/01/00614141123452/21/400"))
                .isEqualTo(ReplaySelection.normalise("00614141123452.400"));
        assertThat(ReplaySelection.normalise(" not-a-pack ")).isEqualTo("not-a-pack");
    }

    @Test
    void shouldTakeOnlyThePacksOfAScanNotItsCasesOrShippers() {
        assertThat(ReplaySelection.packs(List.of("urn:epc:id:grai:0614141.12345.400", "(01)00614141123452(21)400",
                "urn:epc:id:sscc:0614141.1234567890", " not-a-pack ")))
                .containsExactly("00614141123452.400", "not-a-pack");
    }

    @Test
    void shouldKeepTheInputOrder() {
        final List<String> all = selected(slice(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Set.of()));

        assertThat(all).containsExactlyElementsOf(HISTORY.stream().map(Input::source).toList());
    }
}
