package dev.udpm.core.latent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.udpm.core.math.Hwc;

/**
 * The latent-space operations of docs/method.md#6-latent-space ("interpretable latent space"). Inputs are
 * {@link Latents} of standard normal maps; every mixing weight vector has unit Euclidean norm, so a mixture of
 * independent {@code N(0, I)} latents is again exactly {@code N(0, I)} (variance preserving; not slerp, not a
 * linear blend).
 */
public final class LatentOps {

    private LatentOps() {
    }

    /** The set {1..L}: every level. */
    public static Set<Integer> allLevels(int levels) {
        Set<Integer> all = new TreeSet<>();
        for (int l = 1; l <= levels; l++) {
            all.add(l);
        }
        return all;
    }

    /**
     * The interpolation grid of four corner latent sets on an {@code n x n} grid, returned row-major
     * ({@code n * n} entries; cell {@code (row i, column j)} at list index {@code i * n + j}). At every level in
     * {@code mixedLevels}
     * <pre>e = eta (delta A + sqrt(1-delta^2) B) + sqrt(1-eta^2) (delta C + sqrt(1-delta^2) D)</pre>
     * with {@code eta = (n-1-i)/(n-1)} and {@code delta = (n-1-j)/(n-1)}: both run over linspace(0, 1, n),
     * largest first, so the corners read like the arguments: A top-left, B top-right, C bottom-left,
     * D bottom-right, and the corner cells equal the corners exactly. Levels not in {@code mixedLevels} keep
     * corner A's map.
     *
     * @param n grid side, at least 2
     * @param mixedLevels levels to mix, each in 1..L (e.g. {@link #allLevels(int)})
     */
    public static List<Latents> interpolationGrid(Latents a, Latents b, Latents c, Latents d, int n,
            Set<Integer> mixedLevels) {
        requireCompatible(a, b, "corner B");
        requireCompatible(a, c, "corner C");
        requireCompatible(a, d, "corner D");
        requireGridSide(n);
        requireLevels(a, mixedLevels);
        List<Latents> cells = new ArrayList<>(n * n);
        for (int i = 0; i < n; i++) {
            double eta = linspaceFromOne(i, n);
            double etaC = Math.sqrt(1.0 - eta * eta);
            for (int j = 0; j < n; j++) {
                double delta = linspaceFromOne(j, n);
                double deltaC = Math.sqrt(1.0 - delta * delta);
                cells.add(mix(a, b, c, d, eta * delta, eta * deltaC, etaC * delta, etaC * deltaC, mixedLevels));
            }
        }
        return cells;
    }

    /**
     * The 1-D path from A to B in {@code n} steps: {@code e = delta A + sqrt(1-delta^2) B} with
     * {@code delta = (n-1-k)/(n-1)}, so entry 0 is A and entry {@code n-1} is B. It is the top row of
     * {@link #interpolationGrid} (eta = 1). Levels not in {@code mixedLevels} keep A's map.
     */
    public static List<Latents> interpolationPath(Latents a, Latents b, int n, Set<Integer> mixedLevels) {
        requireCompatible(a, b, "end point B");
        requireGridSide(n);
        requireLevels(a, mixedLevels);
        List<Latents> path = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double delta = linspaceFromOne(k, n);
            path.add(mix(a, b, a, b, delta, Math.sqrt(1.0 - delta * delta), 0.0, 0.0, mixedLevels));
        }
        return path;
    }

    /** Image B's latents with level {@code l}'s map taken from image A. */
    public static Latents swapLevel(Latents a, Latents b, int l) {
        requireCompatible(a, b, "latents B");
        return b.withLevel(l, a.level(l));
    }

    /** {@link #swapLevel} for l = 1..L: one output per level, entry {@code l - 1} for level {@code l}. */
    public static List<Latents> swapEachLevel(Latents a, Latents b) {
        List<Latents> out = new ArrayList<>(a.levels());
        for (int l = 1; l <= a.levels(); l++) {
            out.add(swapLevel(a, b, l));
        }
        return out;
    }

    /**
     * Perturbation of one level: {@code e_l' = g e_l + sqrt(1 - g^2) e''}, the other levels unchanged.
     * {@code g = 1} returns {@code base}'s maps; {@code g = 0} replaces {@code e_l} by {@code e''}.
     *
     * @param g correlation with the original, in [0, 1]
     * @param fresh {@code e''}, an independent standard normal map of the shape of {@code e_l}
     */
    public static Latents perturbLevel(Latents base, int l, double g, Hwc fresh) {
        if (!(g >= 0.0 && g <= 1.0)) {
            throw new IllegalArgumentException("perturbation strength g = " + g + " must be in [0, 1]"
                    + " (1 keeps e_l, 0 replaces it)");
        }
        base.shapes().requireLevelShape(l, fresh, "fresh noise e''");
        return base.withLevel(l, Hwc.linearCombination(g, base.level(l), Math.sqrt(1.0 - g * g), fresh));
    }

    /** {@code (n-1-i)/(n-1)}: linspace(0, 1, n) from its largest value; exactly 1 at i = 0, 0 at i = n-1. */
    static double linspaceFromOne(int i, int n) {
        return (double) (n - 1 - i) / (n - 1);
    }

    private static Latents mix(Latents a, Latents b, Latents c, Latents d, double wa, double wb, double wc,
            double wd, Set<Integer> mixedLevels) {
        Latents out = a;
        for (int l : mixedLevels) {
            double[] va = a.level(l).values();
            double[] vb = b.level(l).values();
            double[] vc = c.level(l).values();
            double[] vd = d.level(l).values();
            double[] mixed = new double[va.length];
            for (int k = 0; k < mixed.length; k++) {
                mixed[k] = wa * va[k] + wb * vb[k] + wc * vc[k] + wd * vd[k];
            }
            Hwc shape = a.level(l);
            out = out.withLevel(l, new Hwc(shape.height(), shape.width(), shape.channels(), mixed));
        }
        return out;
    }

    private static void requireCompatible(Latents a, Latents other, String what) {
        if (!a.shapes().equals(other.shapes())) {
            throw new IllegalArgumentException(what + " has shapes " + other.shapes() + " but corner/latents A has "
                    + a.shapes() + "; all latents must come from the same model shapes");
        }
    }

    private static void requireGridSide(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("interpolation size n = " + n + " must be at least 2");
        }
    }

    private static void requireLevels(Latents a, Set<Integer> mixedLevels) {
        if (mixedLevels == null || mixedLevels.isEmpty()) {
            throw new IllegalArgumentException("mixed levels must name at least one level in 1.." + a.levels()
                    + " (use LatentOps.allLevels)");
        }
        for (int l : mixedLevels) {
            if (l < 1 || l > a.levels()) {
                throw new IllegalArgumentException("mixed level " + l + " is outside 1.." + a.levels());
            }
        }
    }
}
