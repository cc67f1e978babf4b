package dev.udpm.worker.output;

import dev.udpm.core.math.Hwc;

/**
 * One finished image: its PNG bytes and the pixels those bytes hold.
 *
 * @param pixels HWC values exactly as stored: each value is {@code byte / 127.5 - 1} of the PNG's 8-bit sample
 * @param png PNG bytes
 */
public record EncodedImage(Hwc pixels, byte[] png) {
}
