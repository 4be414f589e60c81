package io.coldchain.sim.command;

import io.coldchain.sim.SimEvent;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationRequest;
import io.coldchain.sim.SimulatorException;
import io.coldchain.sim.incidents.LabelsFile;
import io.coldchain.sim.publish.ClusterCheck;
import io.coldchain.sim.publish.KafkaTarget;
import io.coldchain.sim.publish.PublishResult;
import io.coldchain.sim.publish.Publisher;
import io.coldchain.topics.TopicAdmin;
import io.coldchain.topics.TopicCatalogue;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;

/**
 * Carries out a {@link SimulationRequest}: writes the ground truth if asked, then generates the events without
 * Kafka (a dry run: the generator's own speed) or checks the cluster and publishes them. Says how it went through
 * a {@link SimulationReport} and answers with the exit code.
 */
final class SimulationRun {

    private final SimulationRequest request;
    private final KafkaTarget target;
    private final SimulationReport report;

    SimulationRun(final SimulationRequest request, final KafkaTarget target, final SimulationReport report) {
        this.request = request;
        this.target = target;
        this.report = report;
    }

    /** Runs it; returns the exit code. */
    int run() {
        return request.dryRun() ? generate() : publish();
    }

    private int generate() {
        report.settings(request);
        if (!writeLabelsIfAsked()) {
            return SimulateCommand.EXIT_USER_ERROR;
        }
        final long began = System.nanoTime();
        final long[] counts = new long[SimEvent.Kind.values().length];
        final Iterator<SimEvent> it = Simulation.iterator(request.settings());
        while (it.hasNext()) {
            counts[it.next().kind().ordinal()]++;
        }
        report.generated(counts, Duration.ofNanos(System.nanoTime() - began), request.settings().shipments());
        return 0;
    }

    private int publish() {
        final TopicCatalogue catalogue = target.catalogue();
        report.settings(request);
        report.target(target, catalogue);
        report.timestampWarnings(request, catalogue);
        if (!writeLabelsIfAsked()) {
            return SimulateCommand.EXIT_USER_ERROR;
        }
        try {
            report.createdTopics(ClusterCheck.ensureTopics(target, catalogue));
            final PublishResult result = new Publisher(target.producerConfig(), catalogue)
                    .publishUntilShutdown(request.settings(), request.pacing(), report.progress(request));
            report.published(result, request.settings().shipments());
            return result.completed() ? 0 : SimulateCommand.EXIT_STOPPED;
        } catch (SimulatorException | TopicAdmin.ClusterUnavailableException e) {
            report.failed(e.getMessage());
            return SimulateCommand.EXIT_USER_ERROR;
        }
    }

    /** Writes the labels if asked to; false (after saying why) if they cannot be written. */
    private boolean writeLabelsIfAsked() {
        if (request.labels() == null) {
            return true;
        }
        try {
            report.labelsWritten(request.labels(),
                    LabelsFile.write(Simulation.labels(request.settings()).iterator(), request.labels()));
            return true;
        } catch (IOException e) {
            report.labelsNotWritten(request.labels(), e);
            return false;
        }
    }
}
