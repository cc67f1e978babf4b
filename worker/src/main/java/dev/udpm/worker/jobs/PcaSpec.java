package dev.udpm.worker.jobs;

/**
 * The principal-component images of a perturb job: the sampled images form {@code groups} consecutive groups of
 * {@code groupSize} (one group per strength); each group's top {@code components} principal components are
 * stored as extra images after the samples.
 *
 * @param groups number of groups (strengths)
 * @param groupSize images per group (samples per strength)
 * @param components k, components per group
 */
public record PcaSpec(int groups, int groupSize, int components) {

    public PcaSpec {
        if (groups < 1 || groupSize < 2 || components < 1) {
            throw new IllegalArgumentException("PCA spec needs groups >= 1, groupSize >= 2, components >= 1; got "
                    + groups + ", " + groupSize + ", " + components);
        }
    }

    /** Number of component images, {@code groups * components}. */
    public int outputCount() {
        return groups * components;
    }

    /**
     * Image index of component {@code c} of group {@code g}: {@code sampleCount + g * components + c}, so the
     * component images follow the samples ({@code sampleCount = groups * groupSize}).
     */
    public int outputIndex(int g, int c) {
        return groups * groupSize + g * components + c;
    }
}
