package org.openkiosk.app.sync;

import java.time.Duration;
import java.util.Optional;
import org.openkiosk.app.config.CentreUrl;
import org.openkiosk.app.config.KioskConfig;

/**
 * Where a kiosk's token and residents' data may go: only to the centre it was enrolled at, as its credential
 * ({@link KioskCredential}) records. {@code centre.url} in {@code kiosk.properties} (which the technician screen edits)
 * must name that same centre; when it names another, or the kiosk is not enrolled, or it was enrolled over plain http
 * to another machine, the kiosk sends nothing and says why and what to do: a different centre needs a new enrolment.
 *
 * @param client  the client to sync with: the enrolled centre's, or one that sends nothing ({@link CentreClient#unbound})
 * @param problem why nothing is sent, for the log, {@code sync status} and the technician screen; null when bound
 */
public record CentreBinding(CentreClient client, String problem) {

    /** The binding for a kiosk with a remote centre ({@code centre.url} other than {@code embedded}). */
    public static CentreBinding of(KioskConfig.Centre centre, Optional<KioskCredential> credential, Duration timeout) {
        String problem = problem(centre.url(), credential);
        return problem != null ? new CentreBinding(CentreClient.unbound(problem), problem)
                : new CentreBinding(CentreClient.of(credential.get(), timeout, centre.caFile()), null);
    }

    /** Why a kiosk configured for {@code configuredUrl} with {@code credential} may send nothing; null when it may. */
    public static String problem(String configuredUrl, Optional<KioskCredential> credential) {
        if (credential.isEmpty()) {
            return "this kiosk is not enrolled at a centre, so nothing is sent: enrol it with "
                    + "./kiosk enrol --centre " + configuredUrl + " --code CODE (a code from ./kiosk centre enrol)";
        }
        String enrolled = credential.get().centreUrl();
        if (!CentreUrl.same(configuredUrl, enrolled)) {
            return "kiosk.properties says centre.url=" + configuredUrl + " but this kiosk is enrolled at " + enrolled
                    + ", so nothing is sent: a different centre needs a new enrolment "
                    + "(./kiosk enrol --centre " + configuredUrl + " --code CODE, with a code from that centre), "
                    + "or set centre.url back to " + enrolled;
        }
        String insecure = CentreUrl.problem(enrolled);
        if (insecure != null) {
            return "this kiosk was enrolled at " + enrolled + ", which is no longer allowed (" + insecure
                    + "), so nothing is sent: enrol it again over https (./kiosk enrol --centre https://... --code CODE)";
        }
        return null;
    }
}
