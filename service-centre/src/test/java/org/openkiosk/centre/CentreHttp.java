package org.openkiosk.centre;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A request to a running centre as a kiosk or a script sends it: bearer token if any, JSON body if any. */
public final class CentreHttp {
    private CentreHttp() {
    }

    public static HttpResponse<String> send(HttpClient http, CentreServer centre, String method, String path, String token,
                                            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
