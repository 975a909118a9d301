package org.openkiosk.centre.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.centre.core.FleetAlert;
import org.openkiosk.centre.core.FleetHealth;
import org.openkiosk.centre.core.HeartbeatReport;
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

    public FleetResource(FleetHealth fleet, ConsoleResource console) {
        this.fleet = fleet;
        this.console = console;
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
            ctx.html(ConsoleResource.page("登录 Staff login", console.loginForm(ctx, null)));
            return;
        }
        FleetHealth.Window window = window(ctx);
        FleetHealth.Snapshot s = fleet.snapshot();
        StringBuilder b = new StringBuilder();
        nav(b, who.get(), "/console/fleet", window, console.formField(ctx));
        long online = s.kiosks().stream().filter(k -> k.state() == KioskHealth.State.ONLINE).count();
        long offline = s.kiosks().stream().filter(k -> k.state() == KioskHealth.State.OFFLINE).count();
        long never = s.kiosks().stream().filter(k -> k.state() == KioskHealth.State.NEVER_SEEN).count();
        long critical = s.alerts().stream().filter(a -> a.severity() == FleetAlert.Severity.CRITICAL).count();
        b.append("<p class=summary>共 <b>").append(s.kiosks().size()).append("</b> 台终端：在线 <b>").append(online)
                .append("</b>，离线 <b>").append(offline).append("</b>，未上线 <b>").append(never)
                .append("</b>；告警 <b>").append(s.alerts().size()).append("</b> 条（严重 ").append(critical)
                .append("）。超过 ").append(s.offlineAfter().toMinutes()).append(" 分钟没有心跳即为离线。更新于 ")
                .append(time(s.at())).append("</p>");

        b.append("<h2>告警</h2>");
        alerts(b, s.alerts(), true);

        b.append("<h2>排队与可用率（").append(windowLabel(window)).append("，全部终端）</h2>");
        b.append(FleetChartSvg.render(fleet.chart(window, null), fleet.settings().zone(),
                "全部终端" + windowLabel(window) + "的待发送申请与可用率"));
        b.append("<p class=note>柱：该时段内各终端上报的最多待发送件数之和。线：该时段内有心跳且设备全部正常的终端所占比例。</p>");

        b.append("<h2>终端</h2><table class=kiosks><tr><th>终端</th><th>状态</th><th>最后心跳</th><th>待发送</th>"
                + "<th>已确认</th><th>最后成功同步</th><th>设备</th><th>打印纸</th><th>磁盘剩余</th><th>版本</th><th>告警</th></tr>");
        for (KioskHealth k : s.kiosks()) {
            HeartbeatReport beat = k.latest();
            b.append("<tr class='").append(rowClass(k)).append("' data-kiosk='").append(ConsoleResource.esc(k.kioskId()))
                    .append("'><td><a href='/console/fleet/").append(url(k.kioskId())).append("'>")
                    .append(ConsoleResource.esc(k.kioskId())).append("</a></td><td>").append(stateBadge(k))
                    .append("</td><td>").append(k.lastSeen() == null ? "—" : time(k.lastSeen())).append("</td>");
            if (beat == null) {
                b.append("<td colspan=7 class=muted>").append(k.lastSeen() == null ? "尚无心跳" : "最近一次心跳无法读取")
                        .append("</td>");
            } else {
                b.append("<td class=num>").append(beat.pending()).append("</td><td class=num>").append(beat.acknowledged())
                        .append("</td><td>").append(beat.lastSuccess() == null ? "从未" : time(beat.lastSuccess()))
                        .append("</td><td>").append(devices(beat)).append("</td><td>").append(paper(beat.paper()))
                        .append("</td><td class=num>").append(beat.diskFreeMb() == null ? "—" : beat.diskFreeMb() + " MB")
                        .append("</td><td>").append(ConsoleResource.esc(beat.version() == null ? "—" : beat.version()))
                        .append("</td>");
            }
            b.append("<td class=num>").append(k.alerts().isEmpty() ? "—" : String.valueOf(k.alerts().size()))
                    .append("</td></tr>");
        }
        b.append("</table>");
        if (s.kiosks().isEmpty()) {
            b.append("<p class=muted>尚无注册的终端。用 ./kiosk centre enrol 为终端生成注册码。</p>");
        }
        ctx.html(page("终端监控", b.toString()));
    }

    public void pageKiosk(Context ctx) {
        Optional<StaffAccounts.Staff> who = console.optionalStaff(ctx);
        if (who.isEmpty()) {
            ctx.html(ConsoleResource.page("登录 Staff login", console.loginForm(ctx, null)));
            return;
        }
        FleetHealth.Window window = window(ctx);
        KioskHealth k = kiosk(ctx);
        StringBuilder b = new StringBuilder();
        nav(b, who.get(), "/console/fleet/" + url(k.kioskId()), window, console.formField(ctx));
        b.append("<p><a href='/console/fleet?window=").append(window.wire).append("'>← 全部终端</a></p>");
        b.append("<p class=summary>").append(stateBadge(k)).append(" 注册于 ").append(time(k.enrolledAt()))
                .append("，最后心跳 ").append(k.lastSeen() == null ? "—" : time(k.lastSeen())).append("</p>");
        b.append("<h2>告警</h2>");
        alerts(b, k.alerts(), false);
        b.append("<h2>排队与可用率（").append(windowLabel(window)).append("）</h2>");
        b.append(FleetChartSvg.render(fleet.chart(window, k.kioskId()), fleet.settings().zone(),
                "终端 " + k.kioskId() + windowLabel(window) + "的待发送申请与可用率"));
        List<HeartbeatRepository.Row> history = fleet.history(k.kioskId(), window);
        int shown = Math.min(history.size(), 50);
        b.append("<h2>心跳记录（最近 ").append(shown).append(" 条，共 ").append(history.size())
                .append(" 条）</h2><table class=history><tr><th>收到时间</th><th>待发送</th><th>已确认</th><th>最后成功同步</th>"
                        + "<th>同步错误</th><th>设备</th><th>打印纸</th><th>磁盘剩余</th><th>版本</th></tr>");
        for (HeartbeatRepository.Row r : history.subList(0, shown)) {
            b.append("<tr><td>").append(time(r.receivedAt())).append("</td><td class=num>").append(r.pending())
                    .append("</td><td class=num>").append(r.acknowledged()).append("</td><td>")
                    .append(r.lastSuccess() == null ? "从未" : time(Instant.parse(r.lastSuccess()))).append("</td><td class=err><div>")
                    .append(ConsoleResource.esc(r.lastError() == null ? "" : r.lastError())).append("</div></td><td class=devs>");
            Map<String, String> devices = fleet.devices(r);
            long down = devices.values().stream().filter(HeartbeatReport::isDown).count();
            b.append(devices.isEmpty() ? "—" : down == 0 ? "✓ " + devices.size() + " 台正常" : "");
            devices.forEach((d, st) -> {
                if (HeartbeatReport.isDown(st)) {
                    b.append("<div class='dev down'>✗ ").append(ConsoleResource.esc(FleetHealth.deviceName(d)))
                            .append("：").append(ConsoleResource.esc(st)).append("</div>");
                }
            });
            b.append("</td><td>").append(paper(r.paper())).append("</td><td class=num>")
                    .append(r.diskFreeMb() == null ? "—" : r.diskFreeMb() + " MB").append("</td><td>")
                    .append(ConsoleResource.esc(r.version() == null ? "—" : r.version())).append("</td></tr>");
        }
        b.append("</table>");
        ctx.html(page("终端 " + k.kioskId(), b.toString()));
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

    private static String windowLabel(FleetHealth.Window w) {
        return w == FleetHealth.Window.DAY ? "最近 24 小时" : "最近 7 天";
    }

    private static void nav(StringBuilder b, StaffAccounts.Staff who, String here, FleetHealth.Window window,
                            String formToken) {
        b.append("<div class=nav><a href=/console>办件列表</a> · <b>终端监控</b> · 时段：");
        for (FleetHealth.Window w : FleetHealth.Window.values()) {
            if (w == window) {
                b.append("<b>").append(windowLabel(w)).append("</b> ");
            } else {
                b.append("<a href='").append(here).append("?window=").append(w.wire).append("'>").append(windowLabel(w))
                        .append("</a> ");
            }
        }
        b.append("· ").append(ConsoleResource.esc(who.username()))
                .append(" <form method=post action=/console/logout style=display:inline>").append(formToken)
                .append("<button>退出</button></form></div>");
    }

    private static void alerts(StringBuilder b, List<FleetAlert> alerts, boolean withKiosk) {
        if (alerts.isEmpty()) {
            b.append("<p class='ok alerts'>暂无告警，所有终端运行正常。</p>");
            return;
        }
        b.append("<table class=alerts><tr><th>级别</th>").append(withKiosk ? "<th>终端</th>" : "").append("<th>内容</th></tr>");
        for (FleetAlert a : alerts) {
            b.append("<tr class=").append(a.severity().wire()).append("><td><span class='badge ")
                    .append(a.severity().wire()).append("'>").append(a.severity().label()).append("</span></td>");
            if (withKiosk) {
                b.append("<td><a href='/console/fleet/").append(url(a.kioskId())).append("'>")
                        .append(ConsoleResource.esc(a.kioskId())).append("</a></td>");
            }
            b.append("<td>").append(ConsoleResource.esc(a.text())).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static String rowClass(KioskHealth k) {
        return k.worst() == null ? "ok" : k.worst().wire();
    }

    private static String stateBadge(KioskHealth k) {
        String css = switch (k.state()) {
            case ONLINE -> "ok";
            case OFFLINE -> "critical";
            case NEVER_SEEN -> "warning";
        };
        return "<span class='badge " + css + "'>" + k.state().label() + "</span>";
    }

    private static String devices(HeartbeatReport beat) {
        if (beat.devices().isEmpty()) {
            return "—";
        }
        StringBuilder b = new StringBuilder();
        beat.devices().forEach((d, st) -> {
            boolean down = HeartbeatReport.isDown(st);
            b.append("<div class='").append(down ? "dev down" : "dev").append("' title='").append(ConsoleResource.esc(st))
                    .append("'>").append(down ? "✗ " : "✓ ").append(ConsoleResource.esc(FleetHealth.deviceName(d)));
            if (down) {
                b.append("：").append(ConsoleResource.esc(st));
            }
            b.append("</div>");
        });
        return b.toString();
    }

    private static String paper(String paper) {
        if (paper == null) {
            return "—";
        }
        return switch (paper) {
            case "ok" -> "充足";
            case "low" -> "<span class='badge warning'>将尽</span>";
            case "out" -> "<span class='badge critical'>用完</span>";
            default -> "未知";
        };
    }

    private String time(Instant t) {
        return DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(fleet.settings().zone()).format(t);
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static final String STYLE = ".summary{font-size:1.05em}.nav{color:#555;margin-bottom:1em}td.err div{max-width:24em;word-break:break-all}td.devs{min-width:16em}.muted{color:#888}.note{color:#666;"
            + "font-size:.9em}.num{text-align:right}table.kiosks td,table.alerts td{vertical-align:top}"
            + ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.9em;color:#fff;background:#2e7d32}"
            + ".badge.warning{background:#d98a00}.badge.critical{background:#c62828}tr.critical td{background:#fdecea}"
            + "tr.warning td{background:#fff6e0}.dev{white-space:nowrap}.dev.down{color:#c62828;white-space:normal}"
            + "p.ok{color:#2e7d32}.badge,table.history td{white-space:nowrap}table.history td.err,table.history td.devs{white-space:normal}svg.chart{border:1px solid #ddd;background:#fff;max-width:100%;height:auto}";

    private static String page(String title, String body) {
        return ConsoleResource.page(title, "<meta http-equiv=refresh content=60><style>" + STYLE + "</style>" + body);
    }
}
