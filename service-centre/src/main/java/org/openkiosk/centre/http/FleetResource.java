package org.openkiosk.centre.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openkiosk.centre.console.ConsolePages;
import org.openkiosk.centre.console.FleetPageFormat;
import org.openkiosk.centre.core.FleetHealth;
import org.openkiosk.centre.core.HeartbeatReport;
import org.openkiosk.centre.core.HelpDesk;
import org.openkiosk.centre.core.KioskHealth;
import org.openkiosk.centre.core.StaffAccounts;
import org.openkiosk.centre.db.HeartbeatRepository;

/**
 * The fleet in the staff console, for any signed-in role: {@code /console/fleet} (alerts, a fleet-wide chart
 * of queue depth and availability, every kiosk's health), {@code /console/fleet/{kioskId}} (one kiosk: its
 * chart and recent heartbeats), and the same as JSON under {@code /console/api/fleet}. Everything a kiosk
 * sent is escaped: heartbeats are untrusted input.
 */
public final class FleetResource {

    private final FleetHealth fleet;
    private final ConsoleResource console;
    private final HelpDesk help;

    public FleetResource(FleetHealth fleet, ConsoleResource console, HelpDesk help) {
        this.fleet = fleet;
        this.console = console;
        this.help = help;
    }

    // ---------------------------------------------------------------- JSON

    public void apiFleet(Context ctx) {
        console.staff(ctx);
        FleetHealth.Window window = window(ctx);
        FleetHealth.Snapshot snapshot = fleet.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", snapshot.at());
        body.put("offlineAfterMinutes", snapshot.offlineAfter().toMinutes());
        body.put("kiosks", snapshot.kiosks().stream().map(FleetResource::kioskJson).toList());
        body.put("alerts", snapshot.alerts());
        body.put("chart", chartJson(fleet.chart(window, null)));
        body.put("help", help.figures(window.length));
        ctx.json(body);
    }

    public void apiKiosk(Context ctx) {
        console.staff(ctx);
        FleetHealth.Window window = window(ctx);
        KioskHealth k = kiosk(ctx);
        Map<String, Object> body = kioskJson(k);
        body.put("chart", chartJson(fleet.chart(window, k.kioskId())));
        body.put("heartbeats", fleet.history(k.kioskId(), window).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("receivedAt", r.receivedAt());
            m.put("kioskTime", r.kioskTime());
            m.put("pending", r.pending());
            m.put("acknowledged", r.acknowledged());
            m.put("lastSuccess", r.lastSuccess());
            m.put("lastError", r.lastError());
            m.put("devices", fleet.devices(r));
            m.put("paper", r.paper());
            m.put("diskFreeMb", r.diskFreeMb());
            m.put("version", r.version());
            return m;
        }).toList());
        ctx.json(body);
    }

    private static Map<String, Object> kioskJson(KioskHealth k) {
        Map<String, Object> m = new LinkedHashMap<>();
        HeartbeatReport b = k.latest();
        m.put("kioskId", k.kioskId());
        m.put("state", k.state());
        m.put("health", k.worst() == null ? "ok" : k.worst().wire());
        m.put("enrolledAt", k.enrolledAt());
        m.put("lastSeen", k.lastSeen());
        m.put("pending", b == null ? null : b.pending());
        m.put("acknowledged", b == null ? null : b.acknowledged());
        m.put("lastSuccess", b == null ? null : b.lastSuccess());
        m.put("lastError", b == null ? null : b.lastError());
        m.put("devices", b == null ? Map.of() : b.devices());
        m.put("paper", b == null ? null : b.paper());
        m.put("diskFreeMb", b == null ? null : b.diskFreeMb());
        m.put("version", b == null ? null : b.version());
        m.put("deadLetters", b == null ? 0 : b.deadLetters());
        m.put("alerts", k.alerts());
        return m;
    }

    private static Map<String, Object> chartJson(FleetHealth.Chart c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", c.window().wire);
        m.put("kioskId", c.kioskId());
        m.put("from", c.from());
        m.put("to", c.to());
        m.put("bucketMinutes", c.bucket().toMinutes());
        m.put("kiosks", c.kiosks());
        m.put("points", c.points());
        return m;
    }

    // ---------------------------------------------------------------- pages

    public void pageFleet(Context ctx) {
        Optional<StaffAccounts.Staff> who = console.optionalStaff(ctx);
        if (who.isEmpty()) {
            ctx.html(console.loginPage(ctx, null));
            return;
        }
        FleetHealth.Window window = window(ctx);
        FleetPageFormat format = new FleetPageFormat(fleet.settings().zone());
        Map<String, Object> page = pageParams(ctx, who.get(), window, format);
        page.put("s", fleet.snapshot());
        page.put("help", help.figures(window.length));
        page.put("chart", ConsolePages.markup(FleetChartSvg.render(fleet.chart(window, null), fleet.settings().zone(),
                "全部终端" + format.windowLabel(window) + "的待发送申请与可用率")));
        ctx.html(ConsolePages.render("fleet", page));
    }

    public void pageKiosk(Context ctx) {
        Optional<StaffAccounts.Staff> who = console.optionalStaff(ctx);
        if (who.isEmpty()) {
            ctx.html(console.loginPage(ctx, null));
            return;
        }
        FleetHealth.Window window = window(ctx);
        KioskHealth k = kiosk(ctx);
        FleetPageFormat format = new FleetPageFormat(fleet.settings().zone());
        Map<String, Object> page = pageParams(ctx, who.get(), window, format);
        page.put("k", k);
        page.put("chart", ConsolePages.markup(FleetChartSvg.render(fleet.chart(window, k.kioskId()),
                fleet.settings().zone(), "终端 " + k.kioskId() + format.windowLabel(window) + "的待发送申请与可用率")));
        page.put("history", fleet.history(k.kioskId(), window));
        page.put("devicesOf", (Function<HeartbeatRepository.Row, Map<String, String>>) fleet::devices);
        ctx.html(ConsolePages.render("fleetKiosk", page));
    }

    private Map<String, Object> pageParams(Context ctx, StaffAccounts.Staff who, FleetHealth.Window window,
                                           FleetPageFormat format) {
        Map<String, Object> page = new HashMap<>();
        page.put("f", format);
        page.put("username", who.username());
        page.put("token", console.formToken(ctx));
        page.put("window", window);
        return page;
    }

    // ---------------------------------------------------------------- helpers

    private KioskHealth kiosk(Context ctx) {
        String id = ctx.pathParam("kioskId");
        return fleet.kiosk(id).orElseThrow(() -> new NotFoundResponse("no kiosk " + id));
    }

    private static FleetHealth.Window window(Context ctx) {
        try {
            return FleetHealth.Window.parse(ctx.queryParam("window"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }
}
