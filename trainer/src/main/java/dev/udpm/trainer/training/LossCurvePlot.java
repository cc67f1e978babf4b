package dev.udpm.trainer.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

import dev.udpm.core.train.LossTerm;

/**
 * Draws the loss history as a PNG with Java2D (headless): one panel per loss term (generator L1, perceptual,
 * adversarial; discriminator real, fake, R1), one line per level (l = 1 blue, 2 orange, 3 green, ...), the step on
 * the x axis and the window means on a linear y axis fitted to the data.
 */
public final class LossCurvePlot {

    static final List<LossTerm> TERMS = List.of(LossTerm.G_L1, LossTerm.G_PERCEPTUAL, LossTerm.G_ADVERSARIAL,
            LossTerm.D_REAL, LossTerm.D_FAKE, LossTerm.D_R1);
    private static final Color[] LEVEL_COLORS = {new Color(31, 119, 180), new Color(255, 127, 14),
        new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189)};
    private static final int PANEL_W = 400;
    private static final int PANEL_H = 300;
    private static final int COLUMNS = 3;

    private LossCurvePlot() {
    }

    /** The PNG bytes of the plot (a 1200x600 image; panels without data say so). */
    public static byte[] render(List<LossHistory.Entry> entries) {
        int rows = (TERMS.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_W, rows * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < TERMS.size(); i++) {
                g.translate((i % COLUMNS) * PANEL_W, (i / COLUMNS) * PANEL_H);
                panel(g, TERMS.get(i), entries);
                g.translate(-(i % COLUMNS) * PANEL_W, -(i / COLUMNS) * PANEL_H);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding of the loss curve failed", e);
        }
        return out.toByteArray();
    }

    private static void panel(Graphics2D g, LossTerm term, List<LossHistory.Entry> entries) {
        int left = 60;
        int top = 30;
        int right = PANEL_W - 15;
        int bottom = PANEL_H - 40;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(term.key(), left, 20);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);

        TreeSet<Integer> levels = new TreeSet<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (LossHistory.Entry e : entries) {
            for (Map.Entry<Integer, Map<String, Double>> level : e.byLevel().entrySet()) {
                Double v = level.getValue().get(term.key());
                if (v != null && Double.isFinite(v)) {
                    levels.add(level.getKey());
                    minX = Math.min(minX, e.step());
                    maxX = Math.max(maxX, e.step());
                    minY = Math.min(minY, v);
                    maxY = Math.max(maxY, v);
                }
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (levels.isEmpty()) {
            g.drawString("no data yet", left + 10, top + 20);
            return;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        double pad = (maxY - minY) * 0.05;
        if (pad == 0) {
            pad = Math.max(Math.abs(maxY) * 0.05, 1e-6);
        }
        minY -= pad;
        maxY += pad;
        g.setColor(Color.DARK_GRAY);
        g.drawString(format(maxY), 2, top + 10);
        g.drawString(format(minY), 2, bottom);
        g.drawString(Long.toString((long) minX), left, bottom + 15);
        String last = Long.toString((long) maxX);
        g.drawString(last, right - g.getFontMetrics().stringWidth(last), bottom + 15);
        g.drawString("step", (left + right) / 2 - 10, bottom + 30);
        int legendX = right - 50 * levels.size();
        for (int level : levels) {
            Color color = LEVEL_COLORS[(level - 1) % LEVEL_COLORS.length];
            List<double[]> points = new ArrayList<>();
            for (LossHistory.Entry e : entries) {
                Map<String, Double> values = e.byLevel().get(level);
                Double v = values == null ? null : values.get(term.key());
                if (v != null && Double.isFinite(v)) {
                    points.add(new double[] {
                        left + (e.step() - minX) / (maxX - minX) * (right - left),
                        bottom - (v - minY) / (maxY - minY) * (bottom - top)});
                }
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(1.5f));
            Path2D path = new Path2D.Double();
            for (int i = 0; i < points.size(); i++) {
                if (i == 0) {
                    path.moveTo(points.get(i)[0], points.get(i)[1]);
                } else {
                    path.lineTo(points.get(i)[0], points.get(i)[1]);
                }
            }
            g.draw(path);
            if (points.size() == 1) {
                g.fillOval((int) points.get(0)[0] - 2, (int) points.get(0)[1] - 2, 5, 5);
            }
            g.drawString("l=" + level, legendX, 20);
            legendX += 50;
        }
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v != 0)
                ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
