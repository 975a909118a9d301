package org.openkiosk.app.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The centre's processes on this machine, read from {@code /proc}: given by id, or found as the process listening
 * on the centre URL's port when that is on this machine (behind a proxy, give the instances' ids). CPU is user plus
 * system time in clock ticks (100 a second on Linux); memory the resident set now and at its peak.
 */
final class CentreProcesses {

    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> pids;

    private CentreProcesses(List<Long> pids) {
        this.pids = pids;
    }

    static CentreProcesses of(List<Long> given, URI centre) {
        if (!given.isEmpty()) {
            return new CentreProcesses(List.copyOf(given));
        }
        String host = centre.getHost() == null ? "" : centre.getHost();
        if (!(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]"))) {
            return new CentreProcesses(List.of());
        }
        int port = centre.getPort() != -1 ? centre.getPort() : centre.getScheme().equals("https") ? 443 : 80;
        return new CentreProcesses(listening(port));
    }

    boolean known() {
        return !pids.isEmpty();
    }

    List<Long> pids() {
        return pids;
    }

    /** Each process as {@code PID (name)}. */
    String describe() {
        List<String> named = new ArrayList<>();
        for (long pid : pids) {
            String name;
            try {
                name = Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
            } catch (IOException e) {
                name = "ended";
            }
            named.add(pid + " (" + name + ")");
        }
        return String.join(", ", named);
    }

    /** CPU seconds used so far by every process (those gone count 0). */
    double cpuSeconds() {
        double total = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                // the process has ended
            }
        }
        return total;
    }

    /** Resident memory in KB summed over the processes: {@code VmRSS} now, or {@code VmHWM} (peak). */
    long memoryKb(String field) {
        long total = 0;
        for (long pid : pids) {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith(field + ":")) {
                        total += Long.parseLong(l.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process has ended
            }
        }
        return total;
    }

    /** The processes with a socket listening on {@code port} (IPv4 or IPv6), by the socket's inode. */
    static List<Long> listening(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) { // 0A: LISTEN
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6)
            }
        }
        List<Long> found = new ArrayList<>();
        if (inodes.isEmpty()) {
            return found;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                found.add(Long.parseLong(proc.getFileName().toString()));
                                break;
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // another user's process, or ended
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }
}
