package io.coldchain.cli;

import picocli.CommandLine;

/** The launcher's command line, with its user-error handling, for the tests of other packages. */
public final class ColdchainCliAccess {

    private ColdchainCliAccess() {
    }

    public static CommandLine commandLine() {
        return ColdchainCli.commandLine();
    }
}
