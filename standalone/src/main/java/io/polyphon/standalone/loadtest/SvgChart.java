package io.polyphon.standalone.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line, dot and bar charts as inline SVG for the load test's page: a title, axes with round ticks and their labels,
 * a grid, and a legend. Drawn here rather than by a charting script so the page needs nothing from the network.
 */
final class SvgChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 150; // the legend's column
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    /** One series: its name in the legend, its colour, its (x, y) points; drawn as a line, or as dots. */
    record Series(String name, String colour, List<double[]> points, boolean dots) {
    }

    private SvgChart() {
    }

    /**
     * A chart of series over x, with an optional dashed vertical mark (the end of the set time).
     *
     * @param markAt where the mark is on x, or null for none
     */
    static String lines(String title, String xLabel, String yLabel, List<Series> series, Double markAt,
                        String markLabel) {
        double xMax = Math.max(markAt == null ? 1 : markAt, series.stream().flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[0]).max().orElse(1));
        double yMax = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).max().orElse(1);
        List<Double> xTicks = ticks(xMax);
        List<Double> yTicks = ticks(yMax);
        Axes axes = new Axes(xTicks.get(xTicks.size() - 1), yTicks.get(yTicks.size() - 1));

        StringBuilder svg = open(title);
        axes.grid(svg, yTicks, yLabel);
        for (double x : xTicks) {
            svg.append(text(axes.x(x), HEIGHT - BOTTOM + 18, "middle", label(x, xTicks)));
        }
        svg.append(text(LEFT + axes.width() / 2, HEIGHT - 10, "middle", xLabel));
        if (markAt != null) {
            svg.append(f("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#555' stroke-dasharray='5 4'/>",
                    axes.x(markAt), TOP, axes.x(markAt), HEIGHT - BOTTOM));
            svg.append(text(axes.x(markAt) - 4, TOP + 12, "end", markLabel));
        }
        for (Series s : series) {
            if (s.dots()) {
                for (double[] p : s.points()) {
                    svg.append(f("<circle cx='%.1f' cy='%.1f' r='3' fill='%s' fill-opacity='0.75'/>", axes.x(p[0]),
                            axes.y(p[1]), s.colour()));
                }
            } else if (!s.points().isEmpty()) {
                StringBuilder points = new StringBuilder();
                for (double[] p : s.points()) points.append(f("%.1f,%.1f ", axes.x(p[0]), axes.y(p[1])));
                svg.append(f("<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>", s.colour(),
                        points.toString().trim()));
            }
        }
        legend(svg, series.stream().map(Series::name).toList(), series.stream().map(Series::colour).toList());
        return svg.append("</svg>").toString();
    }

    /**
     * Grouped bars: one group per name in {@code groups}, one bar per name in {@code bars}, each labelled with its
     * value; a null value leaves its bar out.
     */
    static String bars(String title, String yLabel, List<String> groups, List<String> bars, List<String> colours,
                       Double[][] values) {
        double yMax = 0;
        for (Double[] group : values) for (Double v : group) if (v != null) yMax = Math.max(yMax, v);
        List<Double> yTicks = ticks(yMax);
        Axes axes = new Axes(groups.size(), yTicks.get(yTicks.size() - 1));

        StringBuilder svg = open(title);
        axes.grid(svg, yTicks, yLabel);
        double groupWidth = axes.width() / Math.max(1, groups.size());
        double barWidth = groupWidth * 0.7 / bars.size();
        for (int g = 0; g < groups.size(); g++) {
            double left = LEFT + g * groupWidth + groupWidth * 0.15;
            for (int b = 0; b < bars.size(); b++) {
                Double v = values[g][b];
                if (v == null) continue;
                double x = left + b * barWidth;
                svg.append(f("<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'/>", x + 2, axes.y(v),
                        barWidth - 4, axes.y(0) - axes.y(v), colours.get(b)));
                svg.append(text(x + barWidth / 2, axes.y(v) - 4, "middle", f("%.2f", v)));
            }
            svg.append(text(LEFT + (g + 0.5) * groupWidth, HEIGHT - BOTTOM + 18, "middle", groups.get(g)));
        }
        svg.append(text(LEFT + axes.width() / 2, HEIGHT - 10, "middle", "lane"));
        legend(svg, bars, colours);
        return svg.append("</svg>").toString();
    }

    /** Round ticks from 0 to at least {@code max}: steps of 1, 2 or 5 times a power of ten, about five of them. */
    static List<Double> ticks(double max) {
        if (!(max > 0)) max = 1;
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i * step < max + step * 1e-9 || ticks.size() < 2; i++) ticks.add(i * step);
        if (ticks.get(ticks.size() - 1) < max) ticks.add(ticks.size() * step);
        return ticks;
    }

    /** Maps values to the plot area, whose x runs 0..xTop and y 0..yTop. */
    private record Axes(double xTop, double yTop) {

        double width() {
            return WIDTH - LEFT - RIGHT;
        }

        double x(double value) {
            return LEFT + value / xTop * width();
        }

        double y(double value) {
            return HEIGHT - BOTTOM - value / yTop * (HEIGHT - BOTTOM - TOP);
        }

        void grid(StringBuilder svg, List<Double> yTicks, String yLabel) {
            for (double tick : yTicks) {
                svg.append(f("<line x1='%d' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#e3e3e3'/>", LEFT, y(tick),
                        LEFT + width(), y(tick)));
                svg.append(text(LEFT - 6, y(tick) + 4, "end", label(tick, yTicks)));
            }
            svg.append(f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", LEFT, TOP, LEFT, HEIGHT - BOTTOM));
            svg.append(f("<line x1='%d' y1='%d' x2='%.1f' y2='%d' stroke='#333'/>", LEFT, HEIGHT - BOTTOM,
                    LEFT + width(), HEIGHT - BOTTOM));
            svg.append(f("<text x='16' y='%d' text-anchor='middle' transform='rotate(-90 16 %d)'>%s</text>",
                    (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, escape(yLabel)));
        }
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder(f("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "viewBox='0 0 %d %d' font-family='sans-serif' font-size='12' role='img' aria-label='%s'>",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        svg.append(f("<text x='%d' y='22' font-size='15' font-weight='bold'>%s</text>", LEFT, escape(title)));
        return svg;
    }

    private static void legend(StringBuilder svg, List<String> names, List<String> colours) {
        int x = WIDTH - RIGHT + 16;
        for (int i = 0; i < names.size(); i++) {
            int y = TOP + 10 + i * 20;
            svg.append(f("<rect x='%d' y='%d' width='14' height='10' fill='%s'/>", x, y - 9, colours.get(i)));
            svg.append(text(x + 20, y, "start", names.get(i)));
        }
    }

    private static String text(double x, double y, String anchor, String content) {
        return f("<text x='%.1f' y='%.1f' text-anchor='%s'>%s</text>", x, y, anchor, escape(content));
    }

    /** A tick's label with as many decimals as its step needs. */
    private static String label(double value, List<Double> ticks) {
        double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : 1;
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }

    // SVG coordinates need a decimal point whatever the machine's locale
    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
