package io.coldchain.cli.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.cli.ColdchainCliAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The flags a user can get wrong are one line and exit 2, before any broker is asked. */
class DossierCommandTest {

    private final StringWriter err = new StringWriter();

    private int coldchain(final String... args) {
        return ColdchainCliAccess.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void shouldRefuseAnOutputThatIsNeitherHtmlNorPdf() {
        assertThat(coldchain("dossier", "--shipment", "S", "--out", "d.docx", "--bootstrap-server", "localhost:1"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("coldchain: --out d.docx: end it with .html or .pdf");
    }

    @Test
    void shouldRefuseAnUnknownZoneAndACaseNameThatIsNotATopicSegment() {
        assertThat(coldchain("dossier", "--shipment", "S", "--out", "d.pdf", "--zone", "Mars/Olympus")).isEqualTo(2);
        assertThat(err.toString()).contains("--zone: 'Mars/Olympus' is not a time zone");

        assertThat(coldchain("dossier", "--shipment", "S", "--out", "d.pdf", "--case", "../x")).isEqualTo(2);
        assertThat(err.toString()).contains("--case: '../x' is not a case name");
    }
}
