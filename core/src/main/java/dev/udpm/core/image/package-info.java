/**
 * Pixels in and out: 8-bit PNG encoding and decoding of HWC images in [-1, 1]
 * ({@link dev.udpm.core.image.ImageCodec}, javax.imageio) and grids of images
 * ({@link dev.udpm.core.image.ImageGrid}, {@link dev.udpm.core.image.GridLayout}).
 */
package dev.udpm.core.image;
