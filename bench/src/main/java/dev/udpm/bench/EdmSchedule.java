package dev.udpm.bench;

/**
 * The noise levels of the EDM deterministic sampler (Karras et al. 2022, eq. 5 and Algorithm 1), the standard
 * 35-evaluation baseline UDPM is compared with: {@code sigma_i = (sigmaMax^(1/rho) + i/(N-1) (sigmaMin^(1/rho) -
 * sigmaMax^(1/rho)))^rho} for {@code i = 0..N-1}, then {@code sigma_N = 0}. Heun's method evaluates the network twice
 * per step except on the last one (to {@code sigma = 0}): {@code 2N - 1} evaluations, 35 for the paper's N = 18.
 *
 * @param steps N
 * @param sigmaMin smallest non-zero noise level (0.002 in EDM)
 * @param sigmaMax largest noise level (80 in EDM)
 * @param rho time-step exponent (7 in EDM)
 */
public record EdmSchedule(int steps, double sigmaMin, double sigmaMax, double rho) {

    public EdmSchedule {
        if (steps < 2) {
            throw new IllegalArgumentException("edm: steps = " + steps + " must be >= 2");
        }
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin && rho > 0)) {
            throw new IllegalArgumentException("edm: need 0 < sigmaMin (" + sigmaMin + ") < sigmaMax (" + sigmaMax
                    + ") and rho (" + rho + ") > 0");
        }
    }

    /** EDM's CIFAR-10 setting: 18 steps, sigma in [0.002, 80], rho = 7 (35 network evaluations). */
    public static EdmSchedule cifar10() {
        return new EdmSchedule(18, 0.002, 80, 7);
    }

    /** {@code sigma_i}, {@code i = 0..steps}; {@code sigma_steps = 0}. */
    public double sigma(int i) {
        if (i < 0 || i > steps) {
            throw new IllegalArgumentException("edm: step index " + i + " outside 0.." + steps);
        }
        if (i == steps) {
            return 0;
        }
        double a = Math.pow(sigmaMax, 1 / rho);
        double b = Math.pow(sigmaMin, 1 / rho);
        return Math.pow(a + i / (double) (steps - 1) * (b - a), rho);
    }

    /** Network evaluations of Heun's method on this schedule: {@code 2 * steps - 1}. */
    public int networkEvaluations() {
        return 2 * steps - 1;
    }
}
