package io.polyphon.standalone.cli;

import io.polyphon.contract.Messages;
import io.polyphon.standalone.client.PolyphonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code polyphon keys create|list|rotate|revoke}: a running Polyphon's API keys through its admin API
 * ({@code /v1/admin/keys}), with an admin key: {@code --admin-key}, {@code --admin-key-file}, {@code $POLYPHON_ADMIN_KEY},
 * or the one {@code serve} keeps in {@code <data>/admin-key}.
 */
@Command(name = "keys", description = "Create, list, rotate and revoke API keys of a running Polyphon (admin API)",
        mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Rotate.class,
                KeysCommand.Revoke.class})
class KeysCommand {

    static final String ENVIRONMENT_VARIABLE = "POLYPHON_ADMIN_KEY";

    /** Where the admin API is and the admin key to use it with. */
    static final class Server {

        @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "the running Polyphon's address (default: ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--admin-key", paramLabel = "KEY", description = "an API key with the admin scope")
        String key;

        @Option(names = "--admin-key-file", paramLabel = "FILE", description = "file holding the admin key")
        Path keyFile;

        @Option(names = "--data", paramLabel = "DIR",
                description = "data folder of the 'serve' whose admin key (DIR/admin-key) to use")
        Path data;

        PolyphonClient client() {
            return new PolyphonClient(url.replaceAll("/+$", ""), adminKey());
        }

        private String adminKey() {
            if (key != null && !key.isBlank()) return key.trim();
            Path file = keyFile;
            if (file == null) {
                String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
                if (fromEnvironment != null && !fromEnvironment.isBlank()) return fromEnvironment.trim();
                file = Models.data(data).resolve("admin-key");
            }
            try {
                String read = Files.isReadable(file) ? Files.readString(file).trim() : "";
                if (!read.isEmpty()) return read;
            } catch (IOException e) {
                // answered below, as a missing key
            }
            throw new MissingKeyException("no admin key: " + file.toAbsolutePath().normalize()
                    + " does not exist or is empty; pass --admin-key KEY or --admin-key-file FILE, set "
                    + ENVIRONMENT_VARIABLE + ", or --data DIR of the 'polyphon serve' that runs the server");
        }
    }

    private static void print(PrintWriter out, JsonNode key) {
        out.printf("%s  %-7s %-5s %s%n", key.get("id").asString(), key.path("state").asString("ACTIVE"),
                key.path("scopes").toString().contains("admin") ? "admin" : "-", key.get("name").asString());
    }

    private static void printIssued(PrintWriter out, JsonNode issued) {
        out.println("id:     " + issued.get("id").asString());
        out.println("name:   " + issued.get("name").asString());
        out.println("secret: " + issued.get("secret").asString());
        out.println("(the secret is shown this once: keep it)");
    }

    @Command(name = "create", description = "Create a key; prints its id and its secret (shown this once)")
    static final class Create implements Runnable {

        @Mixin
        Server server;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "what the key is for")
        String name;

        @Option(names = "--admin", description = "the key may use the admin API (manage keys, read the audit)")
        boolean admin;

        @Override
        public void run() {
            ObjectNode body = Messages.json().createObjectNode().put("name", name).put("admin", admin);
            printIssued(spec.commandLine().getOut(), server.client().post("/v1/admin/keys", body.toString()));
        }
    }

    @Command(name = "list", description = "Every key, newest first: id, state, scope, name")
    static final class ListKeys implements Runnable {

        @Mixin
        Server server;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PolyphonClient client = server.client();
            for (int page = 0; ; page++) {
                JsonNode answer = client.get("/v1/admin/keys?size=1000&page=" + page);
                answer.get("items").forEach(k -> print(spec.commandLine().getOut(), k));
                spec.commandLine().getOut().flush();
                if ((long) (page + 1) * 1000 >= answer.get("total").asLong()) return;
            }
        }
    }

    @Command(name = "rotate", description = "A new secret for the key (same id, same pieces and jobs); the old one stops working")
    static final class Rotate implements Runnable {

        @Mixin
        Server server;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the key's id (from 'keys list')")
        String id;

        @Override
        public void run() {
            printIssued(spec.commandLine().getOut(), server.client().post("/v1/admin/keys/" + id + "/rotate", null));
        }
    }

    @Command(name = "revoke", description = "Revoke the key for good; every gateway refuses it within its key-cache TTL")
    static final class Revoke implements Runnable {

        @Mixin
        Server server;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the key's id (from 'keys list')")
        String id;

        @Override
        public void run() {
            print(spec.commandLine().getOut(), server.client().post("/v1/admin/keys/" + id + "/revoke", null));
        }
    }
}
