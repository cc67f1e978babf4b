package dev.udpm.worker.output;

import java.util.ArrayList;
import java.util.List;

import dev.udpm.core.image.GridLayout;
import dev.udpm.core.image.ImageCodec;
import dev.udpm.core.image.ImageGrid;
import dev.udpm.core.latent.PrincipalComponents;
import dev.udpm.core.math.Hwc;

/** Images computed from a job's finished images: the contact-sheet grid and principal-component images. */
public final class DerivedImages {

    private DerivedImages() {
    }

    /** {@code grid.png}: the images row-major, {@code columns} per row, 2 px white padding ({@link GridLayout#of}). */
    public static byte[] grid(List<Hwc> images, int columns) {
        return ImageGrid.composePng(images, GridLayout.of(columns));
    }

    /**
     * The top {@code k} principal components of {@code images} (docs/method.md#6-latent-space), each scaled into
     * [-1, 1] by {@link PrincipalComponents#toDisplayRange} and PNG-encoded, by decreasing explained variance.
     * Always {@code k} images: when the images have fewer than k directions of non-zero variance (e.g. a
     * strength g = 1 makes every sample identical), the missing components are all-zero maps (mid grey), so the
     * object layout of a job never depends on the data.
     */
    public static List<byte[]> principalComponents(List<Hwc> images, int k) {
        PrincipalComponents.Result result = PrincipalComponents.compute(images, k);
        Hwc first = images.get(0);
        List<byte[]> out = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            Hwc component = c < result.components().size()
                    ? PrincipalComponents.toDisplayRange(result.components().get(c))
                    : Hwc.zeros(first.height(), first.width(), first.channels());
            out.add(ImageCodec.encodePng(component));
        }
        return out;
    }
}
