package dev.udpm.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The main (not test) classes of every module under {@code dev.udpm}, imported once per test JVM. */
final class MainClasses {

    private static JavaClasses imported;

    private MainClasses() {
    }

    static synchronized JavaClasses get() {
        if (imported == null) {
            imported = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.udpm");
        }
        return imported;
    }
}
