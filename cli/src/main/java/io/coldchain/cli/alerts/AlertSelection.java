package io.coldchain.cli.alerts;

import io.coldchain.schemas.Alert;
import io.coldchain.schemas.AlertStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which records of the alerts topic are shown, in which order: those the {@link AlertFilter} lets through, and
 * with {@code openOnly} only alerts that are still open. Holds no Kafka types.
 *
 * <p>Every record of one episode carries the same {@code alertId} (OPEN, UPDATED..., RESOLVED), so "open" means
 * "the latest record of its alert id is not RESOLVED". The records already on the topic when reading starts
 * (the backlog) are therefore held until the backlog is read: then the latest record of each alert still open is
 * shown, once, in the order of those latest records; an alert opened and resolved within the backlog is not
 * shown at all. Live records (after the backlog) are shown as they come, RESOLVED ones left out. The filter is
 * applied to the latest record, whose severity is the episode's current one.
 */
public final class AlertSelection {

    private final AlertFilter filter;
    private final boolean openOnly;
    /** With openOnly, during the backlog: the latest record of each alert not yet resolved, in arrival order. */
    private final Map<String, Alert> held = new LinkedHashMap<>();

    public AlertSelection(final AlertFilter filter, final boolean openOnly) {
        this.filter = filter;
        this.openOnly = openOnly;
    }

    /**
     * One record read.
     *
     * @param backlog whether the record was on the topic before reading started
     * @return what to show now: the alert, or nothing (filtered out, resolved, or held until the backlog is read)
     */
    public List<Alert> accept(final Alert alert, final boolean backlog) {
        if (!openOnly) {
            return filter.test(alert) ? List.of(alert) : List.of();
        }
        if (backlog) {
            held.remove(alert.getAlertId());
            if (alert.getStatus() != AlertStatus.RESOLVED) {
                held.put(alert.getAlertId(), alert);
            }
            return List.of();
        }
        return alert.getStatus() != AlertStatus.RESOLVED && filter.test(alert) ? List.of(alert) : List.of();
    }

    /** The backlog is read: what was held to show now (with openOnly, the alerts open at that point). */
    public List<Alert> backlogRead() {
        final List<Alert> open = new ArrayList<>();
        for (final Alert alert : held.values()) {
            if (filter.test(alert)) {
                open.add(alert);
            }
        }
        held.clear();
        return open;
    }

    /** Whether records are held back until the backlog is read (and its offsets must not be committed yet). */
    public boolean holding() {
        return !held.isEmpty();
    }
}
