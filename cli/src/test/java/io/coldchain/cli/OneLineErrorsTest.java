package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user can make on the command line, each said in one line on stderr with exit code 2, before
 * anything is started (no broker, no network beyond a name lookup).
 */
class OneLineErrorsTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, List<String> errLines, long millis) {
        String line() {
            return errLines.get(errLines.size() - 1);
        }
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final long t0 = System.nanoTime();
        final int exit = ColdchainCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString().lines().filter(l -> !l.isBlank()).toList(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void shouldNameAnUnknownCommandAndExit2() {
        final Run run = run("rewind");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("coldchain: unknown command 'rewind': expected one of demo, broker, "
                + "streams, simulate, publish, export, alerts, notify, ack, audit, epcis, score, replay (see 'coldchain --help')");
    }

    @Test
    void shouldCheckDemoOptionsBeforeStartingAnything() {
        final Run warm = run("demo", "--warm-fraction", "7");
        final Run speed = run("demo", "--speed", "0");
        final Run port = run("demo", "--http-port", "70000");

        assertThat(warm.exit()).isEqualTo(2);
        assertThat(warm.errLines()).containsExactly("coldchain: --warm-fraction is a share of the shipments, within "
                + "0..1, got 7.0 (see 'coldchain demo --help')");
        assertThat(warm.millis()).as("no broker was started").isLessThan(2_000);
        assertThat(speed.errLines()).singleElement().asString().startsWith("coldchain: --speed must be");
        assertThat(port.errLines()).singleElement().asString().startsWith("coldchain: --http-port must be within -1..65535");
    }

    @Test
    void shouldNameTheHttpPortInUseBeforeTheDemoStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            final Run run = run("demo", "--http-port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.errLines()).containsExactly("coldchain demo: port " + taken.getLocalPort() + " (--http-port) "
                    + "is already in use: pass another, 0 for any free port, or -1 to turn the ops endpoints off");
        }
    }

    @Test
    void shouldNameTheBrokerPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            final Run run = run("broker", "--port", Integer.toString(taken.getLocalPort()), "--controller-port", "0");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.errLines()).containsExactly("coldchain broker: port " + taken.getLocalPort()
                    + " is already in use: pass --port to choose another");
        }
    }

    @Test
    void shouldRefuseBrokerOptionsThatCannotWork() {
        assertThat(run("broker", "--port", "-3").errLines()).singleElement().asString()
                .startsWith("coldchain: --port must be within 0..65535");
        assertThat(run("broker", "--security", "kerberos").errLines()).singleElement().asString()
                .contains("--security").contains("none, scram");
    }

    @Test
    void shouldSayABootstrapAddressHasNoPort() throws IOException {
        final Path file = Files.writeString(dir.resolve("t.jsonl"), "");

        final Run publish = run("publish", "--file", file.toString(), "--bootstrap-server", "localhost");
        final Run export = run("export", "--topic", "alerts", "--bootstrap-server", "localhost");
        final Run streams = run("streams", "--bootstrap-server", "localhost", "--http-port", "-1");

        assertThat(publish.exit()).isEqualTo(2);
        assertThat(publish.line()).isEqualTo("coldchain publish: bootstrap server 'localhost' has no port: write "
                + "HOST:PORT, e.g. localhost:9092");
        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.line()).isEqualTo("coldchain export: bootstrap server 'localhost' has no port: write "
                + "HOST:PORT, e.g. localhost:9092");
        assertThat(streams.exit()).isEqualTo(2);
        assertThat(streams.errLines()).containsExactly("coldchain streams: bootstrap server 'localhost' has no port: "
                + "write HOST:PORT, e.g. localhost:9092");
    }

    @Test
    void shouldSayAHostDoesNotResolve() throws IOException {
        final Path file = Files.writeString(dir.resolve("t.jsonl"),
                "{\"type\":\"temperature\",\"deviceId\":\"L\",\"shipmentId\":\"S\",\"eventTime\":1,"
                        + "\"temperatureCelsius\":5.0,\"batteryPercent\":null}\n");

        final Run publish = run("publish", "--file", file.toString(), "--bootstrap-server", "no-such-host.invalid:9092");
        final Run score = run("score", "--labels", file.toString(), "--bootstrap-server", "no-such-host.invalid:9092");

        assertThat(publish.exit()).isEqualTo(2);
        assertThat(publish.line()).isEqualTo("coldchain publish: cannot resolve host no-such-host.invalid of bootstrap "
                + "servers no-such-host.invalid:9092: check the name (and DNS), or pass --bootstrap-server with another "
                + "address");
        assertThat(score.exit()).isEqualTo(2);
    }

    @Test
    void shouldSayAClientConfigFileIsMissing() throws IOException {
        final Path file = Files.writeString(dir.resolve("t.jsonl"), "");

        final Run run = run("publish", "--file", file.toString(), "--client-config-file",
                dir.resolve("nope.properties").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.line()).isEqualTo("coldchain publish: cannot read --client-config-file "
                + dir.resolve("nope.properties") + ": no such file");
    }
}
