package dev.udpm.cli;

/**
 * The text progress bar of {@code udpm watch}: {@code [#####-----]  8/16  50%}. {@code filled = floor(width *
 * done / total)} cells, the count right-aligned to the width of {@code total}, the percentage floored.
 */
public final class ProgressBar {

    private ProgressBar() {
    }

    /**
     * @param done  finished images, clamped to 0..total
     * @param total images of the job, at least 1
     * @param width cells between the brackets, at least 1
     */
    public static String render(int done, int total, int width) {
        if (total < 1 || width < 1) {
            throw new IllegalArgumentException("progress bar needs total >= 1 and width >= 1, got total " + total
                    + ", width " + width);
        }
        int d = Math.max(0, Math.min(done, total));
        int filled = (int) ((long) width * d / total);
        int percent = (int) (100L * d / total);
        String count = String.format("%" + Integer.toString(total).length() + "d/%d", d, total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + count + " " + String.format("%3d%%", percent);
    }
}
