/**
 * The UDPM mathematics in plain Java, double precision: the reference that the TensorFlow graphs are tested
 * against (docs/method.md#1-operator-h to #3-posterior; Abu-Hussein and Giryes, "UDPM: Upsampling Diffusion
 * Probabilistic Models", NeurIPS 2024).
 *
 * <p>Images and latent maps are {@link dev.udpm.core.math.Hwc} values, HWC layout (channel fastest). Level
 * {@code l = 0..L}; {@code x_0} is the image, {@code x_l} has side {@code size / 2^l}.
 *
 * <table>
 *   <caption>Classes and the paper's equations</caption>
 *   <tr><th>class</th><th>what</th><th>paper</th></tr>
 *   <tr><td>{@link dev.udpm.core.math.Hwc}</td><td>one image / latent map, HWC, double</td><td>-</td></tr>
 *   <tr><td>{@link dev.udpm.core.math.DegradationOperator}</td>
 *       <td>{@code H} (2x2 box blur with taps 1/2, subsample by 2), {@code H^T}, {@code H^l},
 *       {@code Q = H^T H}</td><td>the degradation operator of the forward process (method section 1)</td></tr>
 *   <tr><td>{@link dev.udpm.core.math.Schedule}</td>
 *       <td>{@code alpha_l}, {@code sigma_l}, {@code alphaBar_l}, {@code sigmaBarSq_l}, {@code t_l}</td>
 *       <td>eq. 9 (marginal coefficients); method section 2</td></tr>
 *   <tr><td>{@link dev.udpm.core.math.ForwardProcess}</td>
 *       <td>{@code q(x_l | x_{l-1}) = N(alpha_l H x_{l-1}, sigma_l^2 I)};
 *       {@code q(x_l | x_0) = N(alphaBar_l H^l x_0, sigmaBarSq_l I)}</td>
 *       <td>the forward step (method section 2); eq. 9</td></tr>
 *   <tr><td>{@link dev.udpm.core.math.Posterior}, {@link dev.udpm.core.math.PosteriorCoefficients}</td>
 *       <td>{@code q(x_{l-1} | x_l, x_0)}: {@code Sigma^-1 = a H^T H + b I},
 *       {@code Sigma^-1 mu = (alpha_l/sigma_l^2) H^T x_l + (alphaBar_{l-1}/sigmaBarSq_{l-1}) f}; closed form
 *       through the projection {@code Q}</td><td>eqs. 11-12; Appendix B.6 (sampling the structured
 *       {@code Sigma})</td></tr>
 *   <tr><td>{@link dev.udpm.core.math.PosteriorMode}</td>
 *       <td>EXACT ({@code Sigma = Q/(a+b) + (I-Q)/b}) or PAPER_CODE ({@code Sigma = I/(a+b)})</td>
 *       <td>eqs. 11-12 vs the authors' code</td></tr>
 * </table>
 *
 * <p>Section 7 of the method write-up gives reference coefficients that the tests check:
 * {@code x_2 = 4.4888869e-4 H^T x_3 + 0.09999995511 f + 0.2009974673 e_2} and
 * {@code x_1 = 0.0495049505 H^T x_2 + 0.495049505 f + 0.0995037190 e_1} (PAPER_CODE, paper schedule).
 */
package dev.udpm.core.math;
