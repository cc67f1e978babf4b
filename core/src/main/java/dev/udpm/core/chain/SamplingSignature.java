package dev.udpm.core.chain;

/**
 * The names of the exported sampling functions, their inputs and their outputs (public API: they are written
 * into the model manifest and used by every caller of an exported model).
 *
 * <p>Function {@value #SERVING_KEY}:
 * <ul>
 *   <li>inputs {@code latent_1 .. latent_L}: float32 {@code [N, S/2^l, S/2^l, C]}, i.i.d. N(0, 1) maps
 *       {@code e_l} (docs/method.md#5-sampling); {@value #CLASS_LABELS}: int32 {@code [N]} in
 *       {@code 0..numClasses-1} (fed but ignored by an unconditional model).</li>
 *   <li>output {@value #IMAGE}: float32 {@code [N, S, S, C]}, the image {@code x_0} clamped to {@code [-1, 1]}.</li>
 * </ul>
 * <p>Function {@value #PREVIEW_KEY}: the same inputs; outputs {@value #IMAGE} and the chain states
 * {@code x_L .. x_1} ({@code x_l}: float32 {@code [N, S/2^l, S/2^l, C]}, not clamped) for progress previews.
 */
public final class SamplingSignature {

    /** Key of the main sampling function (TensorFlow's default serving key). */
    public static final String SERVING_KEY = "serving_default";
    /** Key of the function that also returns the intermediate states. */
    public static final String PREVIEW_KEY = "generate_with_previews";
    /** Name of the class-label input. */
    public static final String CLASS_LABELS = "class_labels";
    /** Name of the image output. */
    public static final String IMAGE = "image";

    private SamplingSignature() {
    }

    /** Name of the input holding {@code e_l}: {@code latent_l}. */
    public static String latent(int l) {
        return "latent_" + l;
    }

    /** Name of the preview output holding {@code x_l}: {@code x_l}. */
    public static String state(int l) {
        return "x_" + l;
    }
}
