package io.coldchain.cli.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples in docs/JSON-LINES.md are lines publish accepts and, when complete, lines export writes; the
 * README shows one of every type too.
 */
class JsonLinesDocTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> EXAMPLES = new ArrayList<>();
    private static final List<String> README_EXAMPLES = new ArrayList<>();

    private final JsonLines jsonLines = new JsonLines();

    @BeforeAll
    static void readExamples() throws IOException {
        EXAMPLES.addAll(jsonBlocks(Path.of("..", "docs", "JSON-LINES.md")));
        README_EXAMPLES.addAll(jsonBlocks(Path.of("..", "README.md")).stream()
                .filter(line -> line.startsWith("{\"type\":")).toList());
    }

    private static List<String> jsonBlocks(final Path markdown) throws IOException {
        final List<String> lines = new ArrayList<>();
        boolean inJson = false;
        for (final String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inJson = !inJson && line.equals("```json");
            } else if (inJson && !line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void shouldShowAValidExampleOfEveryTypeInTheReadme() throws Exception {
        final Set<RecordType> shown = EnumSet.noneOf(RecordType.class);
        for (final String example : README_EXAMPLES) {
            final JsonLines.Event event = jsonLines.read(example);
            shown.add(event.type());
            assertContains(MAPPER.readTree(jsonLines.write(event.record())), MAPPER.readTree(example), example);
        }
        assertThat(shown).containsExactlyInAnyOrder(RecordType.values());
    }

    @Test
    void shouldHaveACompleteExampleOfEveryType() throws Exception {
        final Set<RecordType> complete = EnumSet.noneOf(RecordType.class);
        for (final String example : EXAMPLES) {
            final JsonLines.Event event = jsonLines.read(example);
            if (jsonLines.write(event.record()).equals(example)) {
                complete.add(event.type());
            }
        }
        assertThat(complete).containsExactlyInAnyOrder(RecordType.values());
    }

    @Test
    void shouldReadEveryExampleIntoTheRecordItShows() throws Exception {
        assertThat(EXAMPLES).hasSizeGreaterThanOrEqualTo(RecordType.values().length);
        for (final String example : EXAMPLES) {
            final JsonNode written = MAPPER.readTree(jsonLines.write(jsonLines.read(example).record()));
            // Export writes every field: what an example leaves out is filled in with the schema's default.
            assertContains(written, MAPPER.readTree(example), example);
        }
    }

    private static void assertContains(final JsonNode whole, final JsonNode part, final String example) {
        for (final Map.Entry<String, JsonNode> field : part.properties()) {
            final JsonNode value = whole.get(field.getKey());
            if (field.getValue().isObject() && value != null && value.isObject()) {
                assertContains(value, field.getValue(), example);
            } else {
                assertThat(value).as("%s in %s", field.getKey(), example).isEqualTo(field.getValue());
            }
        }
    }
}
