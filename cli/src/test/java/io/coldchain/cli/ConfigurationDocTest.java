package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.config.ConfigDocs;
import io.coldchain.config.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code docs/CONFIGURATION.md} is the picocli model of every command, as {@link ConfigDocs} writes it. */
class ConfigurationDocTest {

    static final String REGENERATE = "Regenerate: ./mvnw -B -o -pl cli -am test -Dtest=ConfigurationDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dregenerate";
    private static final Path DOC = Path.of("..", "docs", "CONFIGURATION.md");

    @Test
    void shouldDocumentEveryOptionOfEveryCommandAsTheCodeDefinesIt() throws Exception {
        // No environment: the defaults of the code, whatever the machine running the test has set.
        final String generated = ConfigDocs.markdown(Configuration.install(new CommandLine(new ColdchainCli()), Map.of()),
                REGENERATE);
        if (System.getProperty("regenerate") != null) {
            Files.writeString(DOC, generated);
        }

        assertThat(Files.exists(DOC) ? Files.readString(DOC) : "")
                .as("docs/CONFIGURATION.md differs from the commands' options. " + REGENERATE).isEqualTo(generated);
    }
}
