package dev.udpm.fleet;

/** An app that fails to start: prints a line and exits with 3. */
public final class FakeCrashingApp {

    public static void main(String[] args) {
        System.out.println("fake app: cannot start (on purpose)");
        System.exit(3);
    }
}
