package org.openkiosk.app.config;

import java.util.List;

/** The configuration has one or more bad keys; the message lists every one of them. */
public class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("kiosk.properties has " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
