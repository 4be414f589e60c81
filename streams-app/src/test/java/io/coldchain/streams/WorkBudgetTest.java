package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The punctuations of one pass on a stream thread share one {@link WorkBudget}: Kafka Streams runs every task's due
 * punctuations and then commits them in one transaction, so a budget per punctuation let three tasks hold it past the
 * transaction timeout.
 */
class WorkBudgetTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final WorkBudget budget = new WorkBudget(2, SECOND, nanos::get);
    private final Object taskA = new Object();
    private final Object taskB = new Object();
    private final Object taskC = new Object();

    @Test
    void shouldStopAPunctuationOnceItHasDoneItsLeastAndTakenItsTime() {
        final BooleanSupplier enough = budget.start(taskA);
        assertThat(enough.getAsBoolean()).isFalse();
        assertThat(enough.getAsBoolean()).isFalse();
        assertThat(enough.getAsBoolean()).as("at least done, time not taken").isFalse();
        nanos.addAndGet(SECOND.toNanos());
        assertThat(enough.getAsBoolean()).isTrue();
    }

    @Test
    void shouldGiveTheLaterPunctuationsOfAPassOnlyTheirLeastOnceThePassHasTakenItsTime() {
        final BooleanSupplier first = budget.start(taskA);
        nanos.addAndGet(SECOND.toNanos());
        first.getAsBoolean();
        final BooleanSupplier second = budget.start(taskB);
        assertThat(second.getAsBoolean()).isFalse();
        assertThat(second.getAsBoolean()).isFalse();
        assertThat(second.getAsBoolean()).as("the pass's second was spent by the first task").isTrue();
    }

    @Test
    void shouldShareWhatIsLeftOfThePassTime() {
        final BooleanSupplier first = budget.start(taskA);
        nanos.addAndGet(SECOND.toNanos() / 2);
        first.getAsBoolean();
        final BooleanSupplier second = budget.start(taskB);
        second.getAsBoolean();
        second.getAsBoolean();
        assertThat(second.getAsBoolean()).isFalse();
        nanos.addAndGet(SECOND.toNanos() / 2);
        assertThat(second.getAsBoolean()).isTrue();
    }

    @Test
    void shouldBeginANewPassWhenAPunctuatorOfThePassStartsAgain() {
        budget.start(taskA);
        final BooleanSupplier b = budget.start(taskB);
        nanos.addAndGet(SECOND.toNanos());
        b.getAsBoolean();
        final BooleanSupplier c = budget.start(taskC);
        c.getAsBoolean();
        c.getAsBoolean();
        assertThat(c.getAsBoolean()).as("same pass as A and B: its second is spent").isTrue();
        nanos.addAndGet(SECOND.toNanos()); // the thread processes and commits for a second
        final BooleanSupplier again = budget.start(taskA);
        again.getAsBoolean();
        again.getAsBoolean();
        assertThat(again.getAsBoolean()).as("the thread went round: a fresh second").isFalse();
        final BooleanSupplier sameNewPass = budget.start(taskB);
        sameNewPass.getAsBoolean();
        sameNewPass.getAsBoolean();
        assertThat(sameNewPass.getAsBoolean()).isFalse();
        nanos.addAndGet(SECOND.toNanos());
        assertThat(sameNewPass.getAsBoolean()).isTrue();
    }

    @Test
    void shouldBeginANewPassWhenAPunctuationStartsAfterAPause() {
        final BooleanSupplier first = budget.start(taskA);
        nanos.addAndGet(SECOND.toNanos());
        first.getAsBoolean();
        nanos.addAndGet(WorkBudget.PAUSE_ENDING_A_PASS.toNanos() + 1);
        final BooleanSupplier later = budget.start(taskB);
        later.getAsBoolean();
        later.getAsBoolean();
        assertThat(later.getAsBoolean()).as("a later loop's punctuation: a new pass").isFalse();
    }

    @Test
    void shouldNeverTakeMoreOfTheThreadThanItSpentOnEverythingElseSinceThePreviousPass() {
        assertStopsAfterItsLeastAnd(budget.start(taskA), SECOND.toNanos(), "the thread's first pass: the full second");

        // 200 ms of processing and committing, then the settle check is due again: a pass of at most 200 ms.
        nanos.addAndGet(200_000_000L);
        assertStopsAfterItsLeastAnd(budget.start(taskA), 200_000_000L, "as long as the thread spent outside");

        // Due again at once: only its least, so the thread gets back to its records.
        final BooleanSupplier atOnce = budget.start(taskA);
        atOnce.getAsBoolean();
        atOnce.getAsBoolean();
        assertThat(atOnce.getAsBoolean()).isTrue();

        // Once a bounded run's input has ended, nothing is waiting for the thread: the full second at once.
        assertStopsAfterItsLeastAnd(budget.start(taskA, true), SECOND.toNanos(), "input ended: the full second");

        // After a long while outside, never more than the budget's time.
        nanos.addAndGet(5 * SECOND.toNanos());
        assertStopsAfterItsLeastAnd(budget.start(taskA), SECOND.toNanos(), "never more than the budget's time");
    }

    @Test
    void shouldBoundAPassByTheTimeSinceTheLastPassCutShortWhateverCameBetween() {
        assertStopsAfterItsLeastAnd(budget.start(taskA), SECOND.toNanos(), "the first pass, cut short");

        // 200 ms later a punctuation that does all it has (three serials), then, 150 ms after it, one with a backlog:
        // bounded by the 350 ms since the pass cut short, not by the 150 ms since the small one, nor lifted by it.
        nanos.addAndGet(200_000_000L);
        final BooleanSupplier little = budget.start(taskB);
        for (int unit = 0; unit < 3; unit++) {
            assertThat(little.getAsBoolean()).as("a little work, done at once").isFalse();
        }
        nanos.addAndGet(150_000_000L);
        assertStopsAfterItsLeastAnd(budget.start(taskA), 350_000_000L, "350 ms since the last pass cut short");

        // Cut short again; a punctuation with nothing to do 200 ms later (it never asks) does not lift the bound.
        nanos.addAndGet(200_000_000L);
        budget.start(taskB);
        nanos.addAndGet(150_000_000L);
        assertStopsAfterItsLeastAnd(budget.start(taskA), 350_000_000L, "an empty pass between: still bounded");

        // Live: passes that do all they have, many a second, for two seconds; then one with work: the full second,
        // not the 100 ms since the last small one.
        for (int pass = 0; pass < 20; pass++) {
            nanos.addAndGet(100_000_000L);
            final BooleanSupplier small = budget.start(pass % 2 == 0 ? taskB : taskA);
            small.getAsBoolean();
        }
        nanos.addAndGet(100_000_000L);
        assertStopsAfterItsLeastAnd(budget.start(taskA), SECOND.toNanos(),
                "no pass cut short for two seconds: the full second");
    }

    /** Does the budget's least (2) units, then asks until {@code allowed} has passed: not enough before, enough at it. */
    private void assertStopsAfterItsLeastAnd(final BooleanSupplier pass, final long allowed, final String description) {
        pass.getAsBoolean();
        pass.getAsBoolean();
        nanos.addAndGet(allowed - 1);
        assertThat(pass.getAsBoolean()).as(description + ": before").isFalse();
        nanos.addAndGet(1);
        assertThat(pass.getAsBoolean()).as(description).isTrue();
    }

    @Test
    void shouldKeepAPassAcrossPunctuationsThatFollowEachOtherWithoutAPause() {
        final BooleanSupplier first = budget.start(taskA);
        nanos.addAndGet(SECOND.toNanos());
        first.getAsBoolean();
        nanos.addAndGet(WorkBudget.PAUSE_ENDING_A_PASS.toNanos());
        final BooleanSupplier next = budget.start(taskB);
        next.getAsBoolean();
        next.getAsBoolean();
        assertThat(next.getAsBoolean()).isTrue();
    }

    @Test
    void shouldKeepThePassesOfDifferentThreadsApart() throws InterruptedException {
        final BooleanSupplier first = budget.start(taskA);
        nanos.addAndGet(SECOND.toNanos());
        first.getAsBoolean();
        final boolean[] stopped = new boolean[1];
        final Thread other = new Thread(() -> {
            final BooleanSupplier enough = budget.start(taskB);
            enough.getAsBoolean();
            enough.getAsBoolean();
            stopped[0] = enough.getAsBoolean();
        });
        other.start();
        other.join();
        assertThat(stopped[0]).as("another thread's pass has its own second").isFalse();
    }
}
