package io.coldchain.cli.audit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code coldchain audit}: the tamper-evident audit log of alert changes and acknowledgements (docs/AUDIT.md). */
@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = AuditVerifyCommand.class,
        description = "The tamper-evident audit log: every alert change and acknowledgement, hash-chained per "
                + "partition (docs/AUDIT.md).")
public final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
