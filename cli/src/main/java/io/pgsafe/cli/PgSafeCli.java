package io.pgsafe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pgsafe} command line. */
@Command(name = "pgsafe", mixinStandardHelpOptions = true, versionProvider = PgSafeCli.Version.class,
        description = "Safe PostgreSQL schema changes: check migration files with pgsafe's rules.")
public final class PgSafeCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        return commandLine(new CheckCommand(System.out, System.err, System.in)).execute(args);
    }

    static CommandLine commandLine(CheckCommand check) {
        CommandLine line = new CommandLine(new PgSafeCli()).addSubcommand(check);
        line.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pgsafe: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return CheckCommand.BAD_INPUT;
        });
        return line;
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PgSafeCli.class.getPackage().getImplementationVersion();
            return new String[] {"pgsafe " + (version == null ? "development" : version)};
        }
    }
}
