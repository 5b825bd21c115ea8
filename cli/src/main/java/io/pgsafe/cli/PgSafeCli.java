package io.pgsafe.cli;

import io.pgsafe.cli.rehearse.RehearseCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pgsafe} command line. */
@Command(name = "pgsafe", mixinStandardHelpOptions = true, versionProvider = PgSafeCli.Version.class,
        description = "Safe PostgreSQL schema changes: check migration files with pgsafe's rules, rehearse them on a database.")
public final class PgSafeCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        return commandLine(new CheckCommand(System.out, System.err, System.in),
                new RehearseCommand(System.out, System.err)).execute(args);
    }

    static CommandLine commandLine(CheckCommand check) {
        return commandLine(check, new RehearseCommand(System.out, System.err));
    }

    /** The command line with both subcommands; tests hand their own output streams in. */
    static CommandLine commandLine(CheckCommand check, RehearseCommand rehearse) {
        CommandLine line = new CommandLine(new PgSafeCli()).addSubcommand(check).addSubcommand(rehearse);
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
