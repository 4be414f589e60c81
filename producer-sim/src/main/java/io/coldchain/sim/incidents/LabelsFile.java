package io.coldchain.sim.incidents;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/** The ground truth file of {@code simulate --labels}: one {@link IncidentLabel} per line, as JSON. */
public final class LabelsFile {

    /** How many labels were written, incidents and confounders apart. */
    public record Written(long incidents, long confounders) {
    }

    private LabelsFile() {
    }

    /** Writes {@code labels} to {@code file}, creating its directory if need be, replacing what it held. */
    public static Written write(final Iterator<IncidentLabel> labels, final Path file) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long incidents = 0;
        long confounders = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (labels.hasNext()) {
                final IncidentLabel label = labels.next();
                writer.write(label.toJson());
                writer.newLine();
                if (label.confounder()) {
                    confounders++;
                } else {
                    incidents++;
                }
            }
        }
        return new Written(incidents, confounders);
    }
}
