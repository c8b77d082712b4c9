package org.jkeras.cli;

/** A wrong command line: printed as one line, exit status 2. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
