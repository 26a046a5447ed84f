package dev.recsys.cli;

/** Command-line entry point of recsys.jar. */
public final class Main {
    private Main() {
    }

    /** Runs a subcommand. */
    public static void main(String[] args) {
        System.out.println("recsys: not yet implemented");
    }
}
