package io.polyphon.standalone.cli;

import io.polyphon.midi.parse.MidiRejectedException;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.worker.engine.ModelRejectedException;
import io.polyphon.standalone.client.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/** The {@code ./polyphon} command line: each subcommand is a class of this package. */
@Command(name = "polyphon", mixinStandardHelpOptions = true, version = "polyphon 0.1.0",
        description = "Batch generation of multi-track music with MMM.",
        subcommands = {InspectCommand.class, TokensCommand.class, GenerateCommand.class, ServeCommand.class,
                BenchCommand.class, LoadtestCommand.class, DatasetCommand.class, KeysCommand.class})
public final class PolyphonCli {

    /** Exit status of a refused input: a file that is not a usable piece, or a request that cannot be met. */
    public static final int REFUSED = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line with the environment its commands read (the API key's variable). */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(new PolyphonCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == KeyOptions.class ? type.cast(new KeyOptions(environment)) : defaults.create(type);
            }
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof MidiRejectedException rejected) {
                err.println("error " + rejected.rejection().code() + ": " + rejected.getMessage());
            } else if (e instanceof InvalidRequestException invalid) {
                err.println("error " + invalid.code() + ": " + invalid.getMessage());
            } else if (e instanceof ModelRejectedException refused) {
                err.println("error model-refused: " + refused.getMessage());
            } else if (e instanceof MissingKeyException missing) {
                err.println("error missing-key: " + missing.getMessage());
            } else if (e instanceof ApiException refused) {
                err.println("error " + refused.code() + ": " + refused.getMessage());
            } else if (e instanceof UncheckedIOException unreachable) {
                err.println("error unreachable: " + unreachable.getMessage());
            } else if (e instanceof NoSuchFileException missing) {
                err.println("error file-not-found: there is no file " + missing.getFile());
            } else if (e instanceof IllegalArgumentException bad) {
                err.println("error bad-request: " + bad.getMessage());
            } else {
                throw e;
            }
            err.flush();
            return REFUSED;
        });
        return cli;
    }
}
