package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventClockTest {

    @Test
    void shouldKeepTheLatestTimeAndTheLastHashesOldestFirst() {
        EventClock clock = EventClock.NONE;
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 3 * EventClock.RECENT; i++) {
            final int hash = i * 7919 - 40_000;
            clock = clock.handled(1_000L + (i % 5) * 10, hash);
            expected.add(hash);
            if (expected.size() > EventClock.RECENT) {
                expected.remove(0);
            }
            assertThat(clock.recentHashes()).as("after %d", i).containsExactlyElementsOf(expected);
        }
        assertThat(clock.handledUpTo()).isEqualTo(1_040L);
        assertThat(clock.seen(95 * 7919 - 40_000)).isTrue();
        assertThat(clock.seen(64 * 7919 - 40_000)).as("the oldest kept").isTrue();
        assertThat(clock.seen(63 * 7919 - 40_000)).as("pushed out").isFalse();
        assertThat(EventClock.NONE.seen(0)).isFalse();
    }

    @Test
    void shouldEqualTheSameClockBuiltFromAnyList() {
        final EventClock handled = EventClock.NONE.handled(5L, 7).handled(9L, -3);
        final EventClock decoded = new EventClock(9L, Arrays.asList(7, -3));
        assertThat(handled).isEqualTo(decoded).hasSameHashCodeAs(decoded);
        assertThat(handled.recentHashes()).isEqualTo(List.of(7, -3)).hasSameHashCodeAs(List.of(7, -3));
        assertThat(handled).isNotEqualTo(new EventClock(9L, List.of(-3, 7)));
    }

    @Test
    void shouldNotBeChangedThroughItsList() {
        final List<Integer> source = new ArrayList<>(List.of(1, 2));
        final EventClock clock = new EventClock(1L, source);
        source.add(3);
        assertThat(clock.recentHashes()).containsExactly(1, 2);
        assertThatThrownBy(() -> clock.recentHashes().add(4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new EventClock(1L, Arrays.asList(1, null))).isInstanceOf(NullPointerException.class);
    }
}
