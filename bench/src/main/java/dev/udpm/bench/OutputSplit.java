package dev.udpm.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.udpm.core.image.ImageCodec;
import dev.udpm.core.math.Hwc;
import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The per-image steps of the worker's output path, each timed alone in this JVM on images the chain really drew:
 * PNG encoding (the worker's codec, {@link ImageCodec}), SHA-256 of the PNG, one S3 PUT of it through
 * {@link ObjectStore} (MinIO client here, S3Proxy server also in this JVM: the CPU figure is client plus server) and
 * one Kafka event write (a 1 KiB record, acks=all, awaited). Wall time per operation on one thread, and the CPU time
 * of this whole process per operation (it includes the server side of S3 and the broker, which run here).
 */
public final class OutputSplit {

    private OutputSplit() {
    }

    /** One step: wall milliseconds and process CPU milliseconds per operation. */
    public record Step(String name, double wallMs, double cpuMs) {
        @Override
        public String toString() {
            return String.format("    %-40s %7.3f ms wall, %7.3f ms CPU (whole bench process) per operation", name,
                    wallMs, cpuMs);
        }
    }

    /**
     * Times each step over {@code operations} operations (after as many warm-up ones) on the images {@code images}
     * ({@code [N, side, side, channels]} in [-1, 1]).
     */
    public static List<Step> measure(float[] images, int side, int channels, EmbeddedS3 s3, String bucket,
            String bootstrapServers, int operations) throws InterruptedException, ExecutionException {
        int size = side * side * channels;
        int count = images.length / size;
        Hwc[] pixels = new Hwc[count];
        for (int n = 0; n < count; n++) {
            float[] one = new float[size];
            System.arraycopy(images, n * size, one, 0, size);
            pixels[n] = Hwc.fromFloats(side, side, channels, one);
        }
        byte[][] pngs = new byte[count][];
        for (int n = 0; n < count; n++) {
            pngs[n] = ImageCodec.encodePng(pixels[n]);
        }
        List<Step> steps = pngSteps(pixels, pngs, operations);
        steps.add(time("SHA-256 of the PNG", operations, i -> Sha256.hex(pngs[i % count])));
        ObjectStore store = ObjectStore.of(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), bucket,
                Duration.ofHours(1));
        steps.add(time("S3 PUT of the PNG (ObjectStore.put)", operations, i -> store.put(
                String.format("bench-split/%06d.png", i), pngs[i % count], "image/png")));
        String body = "x".repeat(1024);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"), new StringSerializer(), new StringSerializer())) {
            steps.add(time("Kafka event write (1 KiB, acks=all, awaited)", operations, i -> {
                Future<RecordMetadata> sent = producer.send(new ProducerRecord<>("bench-split", "k" + i, body));
                try {
                    return sent.get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return steps;
    }

    /** The three PNG encoders, interleaved over 5 rounds (median per encoder), and the PNG sizes printed. */
    static List<Step> pngSteps(Hwc[] pixels, byte[][] pngs, int operations) {
        List<Step> steps = new ArrayList<>();
        int count = pixels.length;
        // the three PNG encoders interleaved, one of each per round in rotated order, median per encoder
        Map<String, Op> encoders = new java.util.LinkedHashMap<>();
        encoders.put("PNG encode, ImageIO.write to a stream (file cache)", i -> imageIo(pixels[i % count], true));
        encoders.put("PNG encode, ImageIO writer, in-memory stream", i -> imageIo(pixels[i % count], false));
        encoders.put("PNG encode, ImageCodec.encodePng (this build)", i -> ImageCodec.encodePng(pixels[i % count]));
        List<String> names = new ArrayList<>(encoders.keySet());
        Map<String, List<Step>> rounds = new java.util.HashMap<>();
        for (int r = 0; r < 5; r++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((r + k) % names.size());
                rounds.computeIfAbsent(name, n -> new ArrayList<>()).add(time(name, operations / 5, encoders.get(name)));
            }
        }
        for (String name : names) {
            List<Step> all = rounds.get(name);
            double[] wall = all.stream().mapToDouble(Step::wallMs).toArray();
            double[] cpu = all.stream().mapToDouble(Step::cpuMs).toArray();
            steps.add(new Step(name + " (median of 5)", Rounds.median(wall), Rounds.median(cpu)));
        }
        long imageIoBytes = 0;
        long ownBytes = 0;
        for (int n = 0; n < count; n++) {
            imageIoBytes += ((byte[]) imageIo(pixels[n], false)).length;
            ownBytes += pngs[n].length;
        }
        System.out.printf("    PNG size: ImageIO %d bytes, ImageCodec %d bytes per image (mean of %d)%n",
                imageIoBytes / count, ownBytes / count, count);
        return steps;
    }

    /**
     * The PNG steps alone (no broker, no S3, no TensorFlow), on 32x32 grey tiles cut from the PNG files given
     * (e.g. the generated sample grids under docs/images): {@code OutputSplit FILE...}.
     */
    public static void main(String[] args) throws java.io.IOException {
        List<Hwc> tiles = new ArrayList<>();
        for (String file : args) {
            Hwc image = ImageCodec.decodePng(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file)));
            for (int y = 0; y + 32 <= image.height(); y += 32) {
                for (int x = 0; x + 32 <= image.width(); x += 32) {
                    double[] tile = new double[32 * 32];
                    for (int r = 0; r < 32; r++) {
                        for (int c = 0; c < 32; c++) {
                            tile[r * 32 + c] = image.values()[((y + r) * image.width() + x + c) * image.channels()];
                        }
                    }
                    tiles.add(new Hwc(32, 32, 1, tile));
                }
            }
        }
        Hwc[] pixels = tiles.toArray(Hwc[]::new);
        byte[][] pngs = new byte[pixels.length][];
        for (int n = 0; n < pixels.length; n++) {
            pngs[n] = ImageCodec.encodePng(pixels[n]);
        }
        System.out.printf("%d tiles of 32x32 grey; load average %s%n", pixels.length, Machine.loadAverage());
        pngSteps(pixels, pngs, 2000).forEach(System.out::println);
        System.out.println(time("SHA-256 of the PNG", 2000, i -> Sha256.hex(pngs[i % pngs.length])));
    }

    private static Object imageIo(Hwc image, boolean fileCache) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.awt.image.BufferedImage buffered = ImageCodec.toBufferedImage(image);
        try {
            if (fileCache) {
                javax.imageio.ImageIO.write(buffered, "png", out);
            } else {
                javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
                try (javax.imageio.stream.ImageOutputStream stream =
                        new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(stream);
                    writer.write(buffered);
                } finally {
                    writer.dispose();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private interface Op {
        Object run(int i);
    }

    private static Step time(String name, int operations, Op op) {
        for (int i = 0; i < operations; i++) {
            op.run(i);
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            op.run(operations + i);
        }
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        return new Step(name, wall / 1e6 / operations, cpu / 1e6 / operations);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
