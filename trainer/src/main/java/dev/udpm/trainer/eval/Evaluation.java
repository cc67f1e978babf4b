package dev.udpm.trainer.eval;

import java.util.Locale;

/**
 * The scores of one image set against the real test set.
 *
 * @param name what was scored (e.g. {@code "real train subset (floor)"})
 * @param count number of images
 * @param frechetDistance FD between the set's and the test set's classifier features (lower is better)
 * @param accuracy conditional accuracy: share of images whose predicted class equals the intended one;
 *     {@code NaN} when no intended labels were given
 * @param perClassAccuracy per intended class {@code c}: share of the class-{@code c} images classified as
 *     {@code c} ({@code NaN} for a class without images); empty when no labels were given
 */
public record Evaluation(String name, int count, double frechetDistance, double accuracy,
                         double[] perClassAccuracy) {

    /**
     * The accuracies from predicted and intended labels.
     *
     * @param intended intended class per image, or {@code null} (accuracy {@code NaN})
     */
    public static Evaluation of(String name, double frechetDistance, int[] predicted, int[] intended,
                                int numClasses) {
        if (intended == null) {
            return new Evaluation(name, predicted.length, frechetDistance, Double.NaN, new double[0]);
        }
        if (intended.length != predicted.length) {
            throw new IllegalArgumentException("Evaluation '" + name + "': " + intended.length
                    + " intended labels for " + predicted.length + " images");
        }
        int[] correct = new int[numClasses];
        int[] total = new int[numClasses];
        int allCorrect = 0;
        for (int i = 0; i < intended.length; i++) {
            int c = intended[i];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("Evaluation '" + name + "': intended label " + c + " of image "
                        + i + " is outside [0, " + numClasses + ")");
            }
            total[c]++;
            if (predicted[i] == c) {
                correct[c]++;
                allCorrect++;
            }
        }
        double[] perClass = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            perClass[c] = total[c] == 0 ? Double.NaN : (double) correct[c] / total[c];
        }
        double accuracy = intended.length == 0 ? Double.NaN : (double) allCorrect / intended.length;
        return new Evaluation(name, predicted.length, frechetDistance, accuracy, perClass);
    }

    /** One line: name, count, FD, accuracy and the per-class accuracies in percent. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-28s n=%5d  FD=%10.4f  acc=%6.2f%%",
                name, count, frechetDistance, 100 * accuracy));
        if (perClassAccuracy.length > 0) {
            s.append("  per class:");
            for (double a : perClassAccuracy) {
                s.append(String.format(Locale.ROOT, " %5.1f", 100 * a));
            }
        }
        return s.toString();
    }
}
