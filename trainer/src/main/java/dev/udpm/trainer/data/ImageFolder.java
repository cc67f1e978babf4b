package dev.udpm.trainer.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A dataset from a folder of PNG/JPEG images. If the folder holds sub-folders, each sub-folder is a class (labels in
 * the sorted order of their names) and images directly in the root are an error; otherwise the images of the root
 * form an unlabelled set. Every image is centre-cropped to a square and resized (bilinear) to {@code imageSize}.
 * Error messages name files relative to the folder (the folder may be a client's choice; they never show where it
 * lies on the server).
 */
public final class ImageFolder {

    /** The most pixel bytes a folder dataset may hold (one Java array). */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8L;

    private ImageFolder() {
    }

    /** Loads {@code root}; {@code channels} is 1 (converted to gray) or 3 (RGB). */
    public static InMemoryDataset load(Path root, int imageSize, int channels) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("the image folder does not exist or is not a directory");
        }
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).sorted().toList();
        List<Path> rootImages = list(root).stream().filter(ImageFolder::isImage).sorted().toList();
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (classDirs.isEmpty()) {
            files.addAll(rootImages);
            rootImages.forEach(f -> labels.add(0));
        } else {
            if (!rootImages.isEmpty()) {
                throw new DatasetException("the image folder mixes class sub-folders with loose images (e.g. '"
                        + rootImages.get(0).getFileName() + "'): move every image into a class folder");
            }
            for (Path dir : classDirs) {
                List<Path> images = list(dir).stream().filter(ImageFolder::isImage).sorted().toList();
                if (images.isEmpty()) {
                    throw new DatasetException("class folder '" + dir.getFileName() + "' holds no .png/.jpg/.jpeg"
                            + " image");
                }
                int label = classNames.size();
                classNames.add(dir.getFileName().toString());
                files.addAll(images);
                images.forEach(f -> labels.add(label));
            }
        }
        if (files.isEmpty()) {
            throw new DatasetException("the image folder holds no .png/.jpg/.jpeg image");
        }
        long perImageLong = (long) imageSize * imageSize * channels;
        if (imageSize < 1 || perImageLong * files.size() > MAX_BYTES) {
            throw new DatasetException(files.size() + " images of " + imageSize + "x" + imageSize + "x" + channels
                    + " do not fit in memory (at most " + MAX_BYTES + " bytes): use fewer or smaller images");
        }
        int perImage = (int) perImageLong;
        byte[] pixels = new byte[files.size() * perImage];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage square = resizeSquare(read(root, files.get(i)), imageSize);
            writePixels(square, channels, pixels, i * perImage);
        }
        return new InMemoryDataset(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), imageSize,
                channels, classNames);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list folder '" + dir.getFileName() + "' (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    private static BufferedImage read(Path root, Path file) {
        String name = root.relativize(file).toString();
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new DatasetException("'" + name + "' is not a readable PNG or JPEG image");
            }
            return image;
        } catch (IOException e) {
            throw new DatasetException("cannot read image '" + name + "' (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static BufferedImage resizeSquare(BufferedImage src, int size) {
        int side = Math.min(src.getWidth(), src.getHeight());
        int x0 = (src.getWidth() - side) / 2;
        int y0 = (src.getHeight() - side) / 2;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, size, size, x0, y0, x0 + side, y0 + side, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void writePixels(BufferedImage rgbImage, int channels, byte[] dst, int offset) {
        int k = offset;
        for (int y = 0; y < rgbImage.getHeight(); y++) {
            for (int x = 0; x < rgbImage.getWidth(); x++) {
                int rgb = rgbImage.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (channels == 1) {
                    dst[k++] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    dst[k++] = (byte) r;
                    dst[k++] = (byte) g;
                    dst[k++] = (byte) b;
                }
            }
        }
    }
}
