package io.coldchain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The seams of docs/ARCHITECTURE.md, checked on the compiled classes: the rules and the domain records they see name
 * no generated Avro class and no Kafka or Avro type, so a schema change stops at {@code io.coldchain.contract}.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.coldchain");

    private static ArchRule freeOfWireAndKafka(final String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage("io.coldchain.schemas..", "org.apache.avro..",
                        "org.apache.kafka..")
                .because("rules see domain records mapped at one seam (io.coldchain.contract.Contracts)");
    }

    @Test
    void shouldKeepTheRulesAndTheDomainFreeOfTheContractAndOfKafka() {
        assertThat(MAIN.contain(io.coldchain.rules.Detector.class)).isTrue();
        freeOfWireAndKafka("io.coldchain.rules..", "io.coldchain.domain..").check(MAIN);
    }

    @Test
    void shouldCatchAPackageThatUsesTheContract() {
        // The same rule on the seam itself, which maps Avro records, must fail: the check really looks.
        assertThatThrownBy(() -> freeOfWireAndKafka("io.coldchain.contract..").check(MAIN))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.coldchain.schemas");
    }

    @Test
    void shouldKeepTheRulesOffTheStreamsPlumbing() {
        noClasses().that().resideInAnyPackage("io.coldchain.rules..", "io.coldchain.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.coldchain.streams..", "io.coldchain.ops..",
                        "io.coldchain.contract..")
                .check(MAIN);
    }
}
