package dev.udpm.trainer.eval;

/**
 * The Gaussian fitted to a set of feature vectors: mean {@code mu} and unbiased covariance
 * {@code S = (1/(n-1)) sum_i (f_i - mu)(f_i - mu)^T} (as in the FID reference code), in double precision.
 *
 * @param mean {@code mu}, length {@code d}
 * @param covariance {@code S}, {@code d x d}, symmetric
 * @param count number of vectors it was fitted to
 */
public record GaussianStats(double[] mean, double[][] covariance, int count) {

    /** Checks the shapes: {@code mean} of length {@code d >= 1}, {@code covariance} {@code d x d}. */
    public GaussianStats {
        if (mean == null || mean.length == 0) {
            throw new IllegalArgumentException("GaussianStats.mean must hold at least one value");
        }
        if (covariance == null || covariance.length != mean.length) {
            throw new IllegalArgumentException("GaussianStats.covariance must have " + mean.length + " rows, one"
                    + " per mean entry, but has " + (covariance == null ? 0 : covariance.length));
        }
        for (int i = 0; i < covariance.length; i++) {
            if (covariance[i] == null || covariance[i].length != mean.length) {
                throw new IllegalArgumentException("GaussianStats.covariance row " + i + " must have "
                        + mean.length + " entries");
            }
        }
    }

    /**
     * Fits the Gaussian to {@code count} row vectors stored one after another.
     *
     * @param features {@code [count, dim]} row-major
     * @throws IllegalArgumentException if {@code count < 2} or the array length is not {@code count * dim}
     */
    public static GaussianStats of(float[] features, int count, int dim) {
        if (count < 2) {
            throw new IllegalArgumentException("GaussianStats needs at least 2 feature vectors for a covariance,"
                    + " got " + count);
        }
        if (dim < 1 || features.length != (long) count * dim) {
            throw new IllegalArgumentException("GaussianStats: " + features.length + " values do not hold " + count
                    + " vectors of dimension " + dim);
        }
        double[] mean = new double[dim];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < dim; i++) {
                mean[i] += features[n * dim + i];
            }
        }
        for (int i = 0; i < dim; i++) {
            mean[i] /= count;
        }
        double[][] cov = new double[dim][dim];
        double[] centred = new double[dim];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < dim; i++) {
                centred[i] = features[n * dim + i] - mean[i];
            }
            for (int i = 0; i < dim; i++) {
                double ci = centred[i];
                double[] row = cov[i];
                for (int j = i; j < dim; j++) {
                    row[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                cov[i][j] /= count - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return new GaussianStats(mean, cov, count);
    }

    /** The feature dimension {@code d}. */
    public int dimension() {
        return mean.length;
    }
}
