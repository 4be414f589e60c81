package io.coldchain.cli;

import io.coldchain.cli.alerts.AlertFormat;
import io.coldchain.errors.UserError;
import io.coldchain.sim.publish.PublishResult;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code coldchain demo}: broker, streams app and simulator in one command; prints alerts as they arrive. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline locally: a real Kafka broker (KRaft), the streams application "
                + "(exactly-once) with its console and query API, and the simulator with every incident family "
                + "(temperature, route, serials, custody); print the console's address first, then each alert as it "
                + "is committed to the alerts topic, as 'coldchain alerts' does (times in this system's time zone, "
                + "colours on a terminal).",
                "Ctrl-C stops everything."})
public final class DemoCommand implements Callable<Integer> {

    /** One shipment per incident type of the simulator ({@code --incidents all}) and one without: every alert family. */
    @Option(names = {"-n", "--shipments"}, defaultValue = "18",
            description = "Shipments to simulate; each gets the next incident type of the simulator in turn, every "
                    + "18th none (default ${DEFAULT-VALUE}: every type once).")
    int shipments;

    @Option(names = "--seed", defaultValue = "42", description = "Simulation seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--speed", defaultValue = "300", description = "Simulated seconds per wall-clock second (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--warm-fraction", defaultValue = "0", description = "Share of shipments whose reefer runs warm "
            + "instead of their incident (default ${DEFAULT-VALUE}: the incidents include reefer failures).")
    double warmFraction;

    @Option(names = "--port", defaultValue = "0", description = "Broker client port; 0 = any free port (default).")
    int port;

    @Option(names = "--http-port", defaultValue = "0", description = "Ops endpoints port; 0 = any free port, -1 = off (default 0).")
    int httpPort;

    @Option(names = "--exit-when-done", description = "Exit when the simulation has been published and its alerts printed, instead of waiting for Ctrl-C.")
    boolean exitWhenDone;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        // The lines of './coldchain alerts': colours only on a terminal, times in this system's zone.
        final AlertFormat format = new AlertFormat(ZoneId.systemDefault(),
                System.console() != null && System.getenv("NO_COLOR") == null);
        final Demo demo = new Demo(new Demo.Settings(shipments, seed, speed, warmFraction, port, httpPort),
                alert -> System.out.println(format.line(alert)), line -> {
                    System.out.println("» " + line);
                    if (line.endsWith(Demo.ALERTS_FOLLOW)) {
                        format.header().forEach(System.out::println);
                    }
                });
        final CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("» Stopping: simulator, alert follower, streams application, broker...");
            demo.close();
            System.out.println("» Stopped.");
            closed.countDown();
        }, "coldchain-demo-shutdown"));
        demo.start();
        final PublishResult result = demo.simulation().join();
        System.out.println("» Simulation published: " + result.shipmentsDelivered() + " shipments delivered, " + result.temperatureReadings()
                + " temperature readings, " + result.locationFixes() + " GPS fixes, " + result.custodyEvents()
                + " custody scans. " + (exitWhenDone ? "Exiting." : "Ctrl-C to stop."));
        if (exitWhenDone) {
            Thread.sleep(3_000); // the last alerts commit within a few commit intervals
            System.exit(0);
        }
        closed.await();
        return 0;
    }

    /** Every option value checked before anything starts: a bad one must not cost a broker start first. */
    private void checkOptions() {
        if (shipments < 1) {
            throw bad("--shipments must be at least 1, got " + shipments);
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw bad("--speed must be a number greater than 0, got " + speed);
        }
        if (!(warmFraction >= 0 && warmFraction <= 1)) {
            throw bad("--warm-fraction is a share of the shipments, within 0..1, got " + warmFraction);
        }
        if (port < 0 || port > 65_535) {
            throw bad("--port must be within 0..65535 (0 = any free port), got " + port);
        }
        if (httpPort < -1 || httpPort > 65_535) {
            throw bad("--http-port must be within -1..65535 (0 = any free port, -1 = off), got " + httpPort);
        }
        if (httpPort > 0 && !Demo.isFree(httpPort)) {
            throw new UserError(Demo.httpPortInUse(httpPort));
        }
    }

    private ParameterException bad(final String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
