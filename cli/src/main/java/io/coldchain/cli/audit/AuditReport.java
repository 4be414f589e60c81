package io.coldchain.cli.audit;

import io.coldchain.contract.audit.ChainBreak;
import io.coldchain.contract.audit.ChainVerifier;

/** The one-line outcome of a verification, for the topic ("offset") or a file ("line"). */
final class AuditReport {

    private AuditReport() {
    }

    static String of(final ChainVerifier verifier, final String position, final String window) {
        return verifier.firstBreak().map(broken -> broken(broken, position))
                .orElseGet(() -> verifier.records() + " record" + (verifier.records() == 1 ? "" : "s") + " in "
                        + verifier.partitions() + " partition" + (verifier.partitions() == 1 ? "" : "s") + window
                        + ", chain intact");
    }

    private static String broken(final ChainBreak broken, final String position) {
        return "chain broken at partition " + broken.partition() + " " + position + " " + broken.position()
                + " (sequence " + broken.sequence() + "): " + broken.check() + " check failed: " + broken.detail();
    }
}
