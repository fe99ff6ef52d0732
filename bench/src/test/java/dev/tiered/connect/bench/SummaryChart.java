package dev.tiered.connect.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The summary chart as PNG, drawn with Java2D (no charting dependency): every goal as the measured value relative to
 * its target on a log scale (right of the line = met), and the scale-out runs' records/s and CPU per record by
 * (tasks, workers).
 */
final class SummaryChart {

    static final int WIDTH = 1400;
    private static final int ROW = 28;
    private static final int SCALE_OUT_HEIGHT = 340;
    private static final Color MET = new Color(0x2E, 0x7D, 0x32);
    private static final Color MISSED = new Color(0xC6, 0x28, 0x28);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color[] SERIES = {new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E),
            new Color(0x2C, 0xA0, 0x2C)};
    private static final double MIN_ATTAINMENT = 0.1;
    private static final double MAX_ATTAINMENT = 100;

    private SummaryChart() {
    }

    record Goal(String label, Figures.Figure figure) {
    }

    static void draw(List<Figures.Run> runs, Path png) throws IOException {
        List<Goal> goals = new ArrayList<>();
        Map<String, Map<String, Double>> rps = new LinkedHashMap<>();
        Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
        for (Figures.Run run : runs) {
            for (Figures.Figure f : run.figures()) {
                if (f.goal() != null && !Double.isNaN(f.value())) {
                    goals.add(new Goal(run.benchmark() + ": " + f.name(), f));
                } else if (f.kind() != null && f.kind().startsWith("scale-out/")) {
                    String[] parts = f.kind().split("/");
                    Map<String, Map<String, Double>> target = parts[2].equals("records-per-second") ? rps : cpu;
                    target.computeIfAbsent(parts[1], k -> new LinkedHashMap<>()).put(f.name(), f.value());
                }
            }
        }
        int goalsHeight = 70 + Math.max(1, goals.size()) * ROW + 40;
        int height = goalsHeight + (rps.isEmpty() ? 0 : SCALE_OUT_HEIGHT);
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            drawGoals(g, goals);
            if (!rps.isEmpty()) {
                int half = WIDTH / 2;
                drawGroupedBars(g, 0, goalsHeight, half, SCALE_OUT_HEIGHT, "Scale-out: records/s by (tasks, workers)",
                        rps, "%,.0f");
                drawGroupedBars(g, half, goalsHeight, half, SCALE_OUT_HEIGHT,
                        "Scale-out: JVM CPU µs per record by (tasks, workers)", cpu, "%.1f");
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("No PNG writer available for " + png);
        }
    }

    private static void drawGoals(Graphics2D g, List<Goal> goals) {
        int labelWidth = 560;
        int left = labelWidth + 20;
        int right = WIDTH - 230;
        int top = 70;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Goals: measured ÷ target (log scale; right of the line = met)", 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double tick : new double[] {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}) {
            int x = xOf(tick, left, right);
            g.setColor(tick == 1 ? Color.BLACK : GRID);
            g.setStroke(new BasicStroke(tick == 1 ? 2f : 1f));
            g.drawLine(x, top - 8, x, top + goals.size() * ROW);
            g.setColor(Color.DARK_GRAY);
            String text = tick < 1 ? String.format(Locale.ROOT, "%.1f", tick) : String.format(Locale.ROOT, "%.0f",
                    tick);
            g.drawString(text + "×", x - 8, top - 12);
        }
        g.setStroke(new BasicStroke(1f));
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i < goals.size(); i++) {
            Goal goal = goals.get(i);
            Figures.Figure f = goal.figure();
            int y = top + i * ROW;
            double attainment = Math.max(MIN_ATTAINMENT, Math.min(MAX_ATTAINMENT, f.attainment()));
            boolean met = Boolean.TRUE.equals(f.met());
            int x0 = xOf(MIN_ATTAINMENT, left, right);
            int x1 = xOf(attainment, left, right);
            g.setColor(met ? MET : MISSED);
            g.fillRect(x0, y + 5, Math.max(2, x1 - x0), ROW - 10);
            g.setColor(Color.BLACK);
            g.drawString(ellipsize(goal.label(), metrics, labelWidth), 20, y + ROW / 2 + 5);
            String value = f.formatted() + "  (goal " + f.goal().replace(">=", "≥").replace("<=", "≤") + ")";
            g.drawString(value, right + 10, y + ROW / 2 + 5);
        }
    }

    private static void drawGroupedBars(Graphics2D g, int x, int y, int width, int height, String title,
                                        Map<String, Map<String, Double>> series, String format) {
        int left = x + 70;
        int right = x + width - 30;
        int top = y + 60;
        int bottom = y + height - 50;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, x + 20, y + 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        List<String> cells = new ArrayList<>();
        double max = 0;
        for (Map<String, Double> values : series.values()) {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                if (!cells.contains(e.getKey())) {
                    cells.add(e.getKey());
                }
                max = Math.max(max, e.getValue());
            }
        }
        if (cells.isEmpty() || max <= 0) {
            return;
        }
        max *= 1.1;
        g.setColor(GRID);
        for (int i = 0; i <= 4; i++) {
            int gy = bottom - (bottom - top) * i / 4;
            g.drawLine(left, gy, right, gy);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, format, max * i / 4), x + 5, gy + 4);
            g.setColor(GRID);
        }
        int groupWidth = (right - left) / cells.size();
        int barWidth = Math.max(4, (groupWidth - 16) / series.size());
        int s = 0;
        for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
            g.setColor(SERIES[s % SERIES.length]);
            for (int c = 0; c < cells.size(); c++) {
                Double value = e.getValue().get(cells.get(c));
                if (value == null) {
                    continue;
                }
                int barHeight = (int) Math.round((bottom - top) * value / max);
                g.fillRect(left + c * groupWidth + 8 + s * barWidth, bottom - barHeight, barWidth - 2, barHeight);
            }
            g.fillRect(x + 20 + s * 200, y + 35, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), x + 36 + s * 200, y + 46);
            s++;
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        for (int c = 0; c < cells.size(); c++) {
            g.drawString(cells.get(c), left + c * groupWidth + groupWidth / 2 - 15, bottom + 18);
        }
        g.drawString("(tasks, workers)", left + (right - left) / 2 - 45, bottom + 38);
    }

    private static int xOf(double attainment, int left, int right) {
        double span = Math.log10(MAX_ATTAINMENT) - Math.log10(MIN_ATTAINMENT);
        return left + (int) Math.round((right - left) * (Math.log10(attainment) - Math.log10(MIN_ATTAINMENT)) / span);
    }

    private static String ellipsize(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String shortened = text;
        while (shortened.length() > 4 && metrics.stringWidth(shortened + "…") > width) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "…";
    }
}
