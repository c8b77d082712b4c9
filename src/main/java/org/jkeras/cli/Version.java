package org.jkeras.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the project's version, written by Maven into {@code version.properties} when it
 * copies the resources (filtered from the pom's {@code <version>}), so the jar, the classes folder
 * the tests run on, and a notebook's class path all say the same.
 */
final class Version implements IVersionProvider {
  static String get() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("version.properties: unreadable (" + e.getMessage() + ")", e);
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"jkeras " + get()};
  }
}
