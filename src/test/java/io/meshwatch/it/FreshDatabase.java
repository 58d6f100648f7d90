package io.meshwatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Run by the build before the ITs (exec-maven-plugin): gives them an empty
 * database, as the contract checkers get, so the migrations run from scratch.
 * PostgreSQL: drops and creates the database named in the URL. H2: deletes its files.
 */
public final class FreshDatabase {

    private static final Pattern POSTGRES = Pattern.compile("jdbc:postgresql://([^/]+)/([A-Za-z0-9_]+)(\\?.*)?");

    private FreshDatabase() {
    }

    public static void main(String[] args) throws SQLException, IOException {
        String url = args[0];
        String user = args.length > 1 ? args[1] : "";
        String password = args.length > 2 ? args[2] : "";
        Matcher pg = POSTGRES.matcher(url);
        if (pg.matches()) {
            String database = pg.group(2);
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + pg.group(1) + "/postgres",
                    user, password); Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                sql.execute("CREATE DATABASE " + database);
            }
            System.out.println("Fresh PostgreSQL database " + database);
        } else if (url.startsWith("jdbc:h2:file:")) {
            Path file = Path.of(url.substring("jdbc:h2:file:".length()).split(";")[0]);
            Path dir = file.toAbsolutePath().getParent();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            System.out.println("Fresh H2 database in " + dir);
        } else {
            throw new IllegalArgumentException("Cannot make a fresh database for " + url);
        }
    }
}
