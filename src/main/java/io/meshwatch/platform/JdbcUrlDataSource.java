package io.meshwatch.platform;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A plain {@link DataSource} that picks its JDBC driver from the URL, so one
 * data source definition serves H2 and PostgreSQL and the database is chosen
 * by setting {@code MESHWATCH_DB_URL} alone. The container pools it.
 */
public class JdbcUrlDataSource implements DataSource {

    private String url;
    private String user;
    private String password;
    private volatile Driver driver;
    private PrintWriter logWriter;
    private int loginTimeout;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
        this.driver = null;
    }

    // Some containers pass the URL under the JavaBean name "URL".
    public String getURL() {
        return url;
    }

    public void setURL(String url) {
        setUrl(url);
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = resolved(user);
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = resolved(password);
    }

    /**
     * MicroProfile Config treats an empty value as missing, so an empty password
     * (the H2 default) reaches us as its unresolved placeholder: that means empty.
     */
    static String resolved(String value) {
        return value != null && value.startsWith("${MPCONFIG=") ? "" : value;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties info = new Properties();
        if (username != null && !username.isEmpty()) {
            info.setProperty("user", username);
        }
        if (pass != null && !pass.isEmpty()) {
            info.setProperty("password", pass);
        }
        Connection connection = driver().connect(url, info);
        if (connection == null) {
            throw new SQLException("The JDBC driver refused the URL " + redacted());
        }
        return connection;
    }

    private Driver driver() throws SQLException {
        Driver found = driver;
        if (found != null) {
            return found;
        }
        if (url == null || url.isBlank()) {
            throw new SQLException("No database URL configured (meshwatch.db.url / MESHWATCH_DB_URL)");
        }
        ClassLoader loader = JdbcUrlDataSource.class.getClassLoader();
        for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
            if (candidate.acceptsURL(url)) {
                driver = candidate;
                return candidate;
            }
        }
        throw new SQLException("No JDBC driver in the application accepts " + redacted()
                + " (bundled: H2 and PostgreSQL)");
    }

    /** The URL without anything after '?' or ';', where a password may hide. */
    private String redacted() {
        if (url == null) {
            return "null";
        }
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
