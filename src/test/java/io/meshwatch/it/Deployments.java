package io.meshwatch.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The one deployment of the container suite: the WAR exactly as the build made it. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive builtWar() {
        String path = System.getProperty("meshwatch.war", "target/meshwatch.war");
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException("Build the WAR first (mvn package): " + war.getAbsolutePath());
        }
        return ShrinkWrap.create(ZipImporter.class, "meshwatch.war").importFrom(war).as(WebArchive.class);
    }
}
