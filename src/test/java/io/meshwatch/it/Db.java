package io.meshwatch.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the server's database directly, to check what an answer claims. */
final class Db {

    private Db() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("meshwatch.it.db.url"),
                System.getProperty("meshwatch.it.db.user", ""), System.getProperty("meshwatch.it.db.password", ""));
    }

    /** The job's status as stored. */
    static String jobStatus(String jobId) throws SQLException {
        List<String> rows = strings("SELECT status FROM mesh_result WHERE job_id = ?", jobId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The statuses of the deliveries recorded for the job. */
    static List<String> deliveries(String jobId) throws SQLException {
        return strings("SELECT status FROM webhook_delivery WHERE job_id = ?", jobId);
    }

    private static List<String> strings(String sql, String parameter) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }
    }
}
