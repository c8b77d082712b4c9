package org.jkeras.preprocessing.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file as {@code pandas.read_csv} reads the simple ones {@code flow_from_dataframe} takes: a
 * header line of column names, then one row per line, fields separated by commas, a field in
 * double quotes may hold commas, line breaks and doubled quotes. Every value stays a string.
 */
record CsvTable(Path file, List<String> columns, List<List<String>> rows) {

  static CsvTable read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read the CSV file (" + e.getMessage() + ").", e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<List<String>> records = parse(text, file);
    if (records.isEmpty()) {
      throw new IOException(file + ": an empty CSV file, expected a header line of column names (e.g. filename,class).");
    }
    List<String> columns = records.get(0);
    List<List<String>> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<String> r = records.get(i);
      if (r.size() == 1 && r.get(0).isEmpty()) {
        continue; // a blank line, skipped as pandas does
      }
      if (r.size() != columns.size()) {
        throw new IOException(file + ": row " + i + " has " + r.size() + " fields, the header has " + columns.size() + ".");
      }
      rows.add(r);
    }
    return new CsvTable(file, List.copyOf(columns), List.copyOf(rows));
  }

  /** The values of column {@code name}, row by row. */
  List<String> column(String name, String arg) {
    int k = columns.indexOf(name);
    if (k < 0) {
      throw new IllegalArgumentException(file + ": no column \"" + name + "\" for `" + arg + "`. Columns: " + columns
          + ". Received: " + arg + "=" + name);
    }
    List<String> out = new ArrayList<>();
    for (List<String> r : rows) {
      out.add(r.get(k));
    }
    return out;
  }

  private static List<List<String>> parse(String s, Path file) throws IOException {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"' && field.length() == 0) {
        quoted = true;
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
        if (ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        field.append(ch);
      }
      i++;
    }
    if (quoted) {
      throw new IOException(file + ": a quoted field is not closed (a \" without its closing \").");
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
