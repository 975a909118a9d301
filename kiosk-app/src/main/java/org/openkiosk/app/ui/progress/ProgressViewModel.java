package org.openkiosk.app.ui.progress;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.flow.ApplicationProgress;
import org.openkiosk.app.flow.ProgressLookup;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.SessionPort;

/** The resident's applications after tapping the card: number, service, where it stands, and the result to print. */
public final class ProgressViewModel {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    public record Row(String applicationId, String applicationNo, String service, String submitted, String stage,
                      String detail, boolean printable) {
    }

    private final SessionPort shell;
    private final ProgressLookup flow;
    private final StringProperty printed = new SimpleStringProperty("");

    public ProgressViewModel(SessionPort shell, ProgressLookup flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public List<Row> rows() {
        Messages m = shell.messages();
        return flow.applications().stream().map(p -> new Row(p.applicationId(), p.applicationNo(), p.serviceName(),
                WHEN.format(p.submittedAt()), m.get("progress.stage." + p.stage()), p.detail(),
                p.resultPrintable())).toList();
    }

    public String owner() {
        return flow.applicant().map(a -> a.name()).orElse("");
    }

    public StringProperty printedProperty() {
        return printed;
    }

    public void printResult(String applicationId, String applicationNo) {
        shell.work(() -> {
            flow.printResult(applicationId);
            return Boolean.TRUE;
        }, ok -> printed.set(shell.messages().get("progress.printed", applicationNo)), problem -> printed.set(""));
    }
}
