package org.openkiosk.centre.http;

import gg.jte.html.escape.Escape;
import gg.jte.output.StringOutput;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.openkiosk.centre.core.FleetHealth;

/**
 * Draws a {@link FleetHealth.Chart} as inline SVG, on the server: centres may have no internet, so no
 * chart library from a CDN, and the page needs no script. Queue depth as bars on the left axis,
 * availability as a line on the right axis (0-100%); buckets before the first heartbeat are left blank.
 */
final class FleetChartSvg {

    static final int WIDTH = 960;
    static final int HEIGHT = 280;
    private static final int LEFT = 56;
    private static final int RIGHT = 56;
    private static final int TOP = 40;
    private static final int BOTTOM = 36;
    private static final String QUEUE_COLOUR = "#5b8ff9";
    private static final String AVAILABILITY_COLOUR = "#1a9c4a";

    private FleetChartSvg() {
    }

    static String render(FleetHealth.Chart chart, ZoneId zone, String caption) {
        List<FleetHealth.Point> points = chart.points();
        int n = points.size();
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double step = plotW / n;
        int maxQueue = points.stream().filter(p -> p.queue() != null).mapToInt(FleetHealth.Point::queue).max().orElse(0);
        int queueTop = Math.max(4, (maxQueue + 3) / 4 * 4);
        // the line starts at the first heartbeat; the bucket still running is left out until a heartbeat arrives in it
        int first = 0;
        while (first < n && points.get(first).reporting() == 0) {
            first++;
        }
        int last = points.get(n - 1).reporting() == 0 ? n - 2 : n - 1;

        ZoneId z = zone;
        DateTimeFormatter format = DateTimeFormatter.ofPattern(
                chart.window() == FleetHealth.Window.DAY ? "HH:mm" : "MM-dd", Locale.ROOT).withZone(z);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' class='chart' role='img' "
                + "width='%d' height='%d' viewBox='0 0 %d %d' aria-label='%s'><title>%s</title>", WIDTH, HEIGHT, WIDTH,
                HEIGHT, escape(caption), escape(caption)));
        b.append("<g font-family='sans-serif' font-size='13' fill='#333'>");
        // legend
        b.append(String.format(Locale.ROOT, "<rect x='%d' y='12' width='14' height='14' fill='%s'/>"
                + "<text x='%d' y='24'>待发送申请（件，左轴）</text>", LEFT, QUEUE_COLOUR, LEFT + 20));
        b.append(String.format(Locale.ROOT, "<line x1='%d' y1='19' x2='%d' y2='19' stroke='%s' stroke-width='3'/>"
                + "<text x='%d' y='24'>可用率（%%，右轴）</text>", LEFT + 200, LEFT + 224, AVAILABILITY_COLOUR, LEFT + 230));
        if (first == n) {
            b.append(String.format(Locale.ROOT, "<text x='%d' y='24' fill='#b00'>此时段内没有收到心跳</text>", LEFT + 400));
        }
        // grid and axes
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - plotH * i / 4;
            b.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='%s'/>", LEFT,
                    WIDTH - RIGHT, y, y, i == 0 ? "#888" : "#e3e3e3"));
            b.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%d</text>", LEFT - 6, y + 4,
                    queueTop * i / 4));
            b.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f'>%d%%</text>", WIDTH - RIGHT + 6, y + 4, 25 * i));
        }
        // time labels
        int every = chart.window() == FleetHealth.Window.DAY ? 6 : 12;
        for (int i = 0; i <= n; i += every) {
            double x = LEFT + step * i;
            b.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f' stroke='#888'/>", x, x,
                    TOP + plotH, TOP + plotH + 4));
            b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle'>%s</text>", x,
                    TOP + plotH + 20, format.format(chart.from().plus(chart.bucket().multipliedBy(i)))));
        }
        // queue bars
        for (int i = 0; i < n; i++) {
            FleetHealth.Point p = points.get(i);
            if (p.queue() == null || p.queue() == 0) {
                continue;
            }
            double h = plotH * Math.min(p.queue(), queueTop) / queueTop;
            b.append(String.format(Locale.ROOT, "<rect class='queue' x='%.1f' y='%.1f' width='%.1f' height='%.1f' "
                    + "fill='%s'><title>%s 待发送 %d 件</title></rect>", LEFT + step * i + step * 0.15, TOP + plotH - h,
                    step * 0.7, h, QUEUE_COLOUR, format.format(p.from()), p.queue()));
        }
        // availability line
        if (first <= last) {
            StringBuilder line = new StringBuilder();
            for (int i = first; i <= last; i++) {
                FleetHealth.Point p = points.get(i);
                line.append(i == first ? "" : " ").append(fmt(LEFT + step * i + step / 2)).append(',')
                        .append(fmt(TOP + plotH - plotH * p.availability()));
            }
            b.append(String.format(Locale.ROOT, "<polyline class='availability' fill='none' stroke='%s' "
                    + "stroke-width='2.5' stroke-linejoin='round' points='%s'/>", AVAILABILITY_COLOUR, line));
            FleetHealth.Point now = points.get(last);
            b.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='4' fill='%s'><title>%s 可用率 %d%%</title>"
                    + "</circle>", LEFT + step * last + step / 2, TOP + plotH - plotH * now.availability(),
                    AVAILABILITY_COLOUR, format.format(now.from()), Math.round(now.availability() * 100)));
        }
        b.append("</g></svg>");
        return b.toString();
    }

    /** The caption as SVG text and attribute: through JTE's escaper, the same the console templates use. */
    private static String escape(String text) {
        StringOutput out = new StringOutput();
        Escape.htmlAttribute(text, out);
        return out.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
