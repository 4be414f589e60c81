package io.coldchain.cli.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.temperature.TemperatureProfiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * Looks at the dossier as a person would: renders the PDF's pages to images with PDFBox and checks the chart is drawn
 * (the band's and the excursions' colours are on the page, the chart is not blank), and reads the PDF's text for the
 * excursion table and the custody chain. The files are left in {@code target/dossier-examples} (docs/examples holds
 * copies).
 */
class DossierRenderTest {

    private static final Path OUT = Path.of("target", "dossier-examples");
    private static final float DPI = 110;

    private final DossierRenderer renderer = new DossierRenderer();

    private record Rendered(String html, String text, List<BufferedImage> pages) {
    }

    private Rendered render(final DossierEvidence evidence, final String caseName, final String name) throws IOException {
        final Dossier dossier = new DossierBuilder(ZoneId.of("Europe/Berlin"), TemperatureProfiles.builtIn(), caseName, null)
                .build(evidence);
        final String html = renderer.html(dossier);
        final ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        renderer.pdf(dossier, pdf);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve(name + ".html"), html, StandardCharsets.UTF_8);
        Files.write(OUT.resolve(name + ".pdf"), pdf.toByteArray());
        try (PDDocument document = Loader.loadPDF(pdf.toByteArray())) {
            // a table cell wraps its text: compare with runs of white space as one space
            final String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            final PDFRenderer pages = new PDFRenderer(document);
            final List<BufferedImage> images = new ArrayList<>();
            for (int i = 0; i < document.getNumberOfPages(); i++) {
                images.add(pages.renderImageWithDPI(i, DPI, ImageType.RGB));
            }
            for (int i = 0; i < images.size(); i++) {
                ImageIO.write(images.get(i), "png", OUT.resolve(name + "-page" + (i + 1) + ".png").toFile());
            }
            return new Rendered(html, text, images);
        }
    }

    /** Pixels within a small distance of {@code colour} (the renderer blends edges). */
    private static long pixels(final BufferedImage image, final Color colour) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                final Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) + Math.abs(c.getGreen() - colour.getGreen())
                        + Math.abs(c.getBlue() - colour.getBlue()) <= 12) {
                    count++;
                }
            }
        }
        return count;
    }

    private static long pixels(final List<BufferedImage> pages, final Color colour) {
        return pages.stream().mapToLong(p -> pixels(p, colour)).sum();
    }

    private static long nonWhite(final BufferedImage image) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void shouldShowTheWarmShipmentsChartExcursionTableAndCustodyChain() throws IOException {
        final DossierEvidence evidence = DossierFixtures.warm();
        final Rendered warm = render(evidence, null, "warm-shipment");

        // the chart: band and excursion shading drawn, a large area of the pages
        final long band = pixels(warm.pages(), DossierCharts.BAND);
        final long excursion = pixels(warm.pages(), DossierCharts.EXCURSION);
        assertThat(band).as("band-coloured pixels").isGreaterThan(20_000);
        assertThat(excursion).as("excursion-coloured pixels").isGreaterThan(1_000);
        assertThat(warm.pages()).allSatisfy(page -> assertThat(nonWhite(page)).isGreaterThan(5_000));

        // the excursion table, as text in the PDF
        assertThat(warm.text()).contains("Excursions", "area out of range (°C·h)", "budget used", "MKT over the profile's window",
                "2025-03-02 06:00 +01:00", "7.00", "4.2 %", "5.76 °C", "0.63", "6.3 %");
        // the custody chain: parties and places
        assertThat(warm.text()).contains("Custody chain", "Pharma Werk Marburg", "Kühl-Logistik GmbH", "Würzburg Cross-Dock",
                "Bayern Pharma Großhandel", "Munich wholesaler");
        // alert history, acknowledgement, chain position; the evidence hash
        assertThat(warm.text()).contains("qa.mueller", "partition 1, sequence 41", "ROUTE_DEVIATION", "GTIN", "L2403A");
        assertThat(warm.text().replaceAll("\\s", "")).contains(evidence.sha256());
        assertThat(warm.html()).contains("<img class=\"chart\" id=\"temperature-chart\"", "id=\"route-map\"")
                .doesNotContain("<script");
    }

    @Test
    void shouldShowTheClonedSerialsBothRecordsAndTheCustodyChain() throws IOException {
        final Rendered clone = render(DossierFixtures.clonedSerial(), "clone-2025-03", "cloned-serial");

        assertThat(pixels(clone.pages(), DossierCharts.BAND)).as("band-coloured pixels").isGreaterThan(20_000);
        assertThat(clone.text()).contains("Serial findings", "DUPLICATE_SERIAL", DossierFixtures.SERIAL, "sighting",
                "otherSighting", "Apteka Centralna Warszawa", "Frankfurt DC GmbH", "SHP-OTHER-9", "893412");
        assertThat(clone.text()).contains("Excursions", "No reading outside the band.");
        assertThat(clone.text()).contains("Custody chain", "Pharma Werk Marburg", "Kühl-Logistik GmbH", "qa.nowak",
                "partition 2, sequence 7", "Outputs of case", "clone-2025-03");
    }
}
