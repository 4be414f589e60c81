package io.coldchain.cli.dossier;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Renders a {@link Dossier}: XHTML from the Mustache template {@code dossier.html.mustache} (every value HTML-escaped,
 * charts inline as PNG data URIs, so the file stands alone), and PDF from that XHTML with openhtmltopdf (PDFBox).
 */
public final class DossierRenderer {

    static final String TEMPLATE = "io/coldchain/cli/dossier/dossier.html.mustache";
    /**
     * Fonts with the glyphs the dossier uses (°, ·, →, ≤, ≥) embedded in the PDF when the machine has them (DejaVu, as
     * on Debian and most Linux distributions); else the PDF falls back to its built-in Helvetica.
     */
    static final List<Path> FONT_DIRS = List.of(Path.of("/usr/share/fonts/truetype/dejavu"),
            Path.of("/usr/share/fonts/dejavu"), Path.of("/usr/share/fonts/TTF"));
    static final String FONT_FAMILY = "DejaVu Sans";

    private final Mustache template;

    public DossierRenderer() {
        this.template = new DefaultMustacheFactory().compile(TEMPLATE);
    }

    /** The dossier as one self-contained XHTML document (UTF-8). */
    public String html(final Dossier dossier) {
        final StringWriter out = new StringWriter();
        template.execute(out, dossier);
        return out.toString();
    }

    /** The dossier as PDF, written to {@code out} (not closed). */
    public void pdf(final Dossier dossier, final OutputStream out) throws IOException {
        pdf(html(dossier), out);
    }

    /** {@code html} (from {@link #html}) as PDF. */
    public static void pdf(final String html, final OutputStream out) throws IOException {
        final PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        font("DejaVuSans.ttf").ifPresent(f -> builder.useFont(f, FONT_FAMILY, 400, PdfRendererBuilder.FontStyle.NORMAL, true));
        font("DejaVuSans-Bold.ttf").ifPresent(f -> builder.useFont(f, FONT_FAMILY, 700, PdfRendererBuilder.FontStyle.NORMAL, true));
        builder.withHtmlContent(html, null);
        builder.toStream(out);
        try {
            builder.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Optional<File> font(final String name) {
        return FONT_DIRS.stream().map(d -> d.resolve(name)).filter(Files::isReadable).map(Path::toFile).findFirst();
    }
}
