package dev.udpm.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.udpm.core.model.TinyModels;
import dev.udpm.schemas.model.ModelManifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench profile} end to end on a tiny exported model: one trace, one round (measures nothing useful). */
class ProfileCommandTest {

    @TempDir
    Path temp;

    @Test
    void profilesComparesVariantsAndTimesThemInOneReport() throws IOException, InterruptedException {
        Path model = temp.resolve("tiny");
        TinyModels.export(model, 3);
        String report = ProfileCommand.run(new ProfileOptions(model, List.of(4, 1), 1, 1, 1,
                List.of("default", "remapping"), false, "python3", 1, Optional.empty()));
        for (OpCategory c : OpCategory.values()) {
            assertTrue(report.contains("| " + c.description() + " |"), "no row for " + c + ":\n" + report);
        }
        Matcher conv = Pattern.compile("\\| convolutions [^|]*\\| ([0-9.]+) \\|").matcher(report);
        assertTrue(conv.find() && Double.parseDouble(conv.group(1)) > 0, "no convolution time:\n" + report);
        // the default session and the float32 variant agree to float rounding and keep byte-identity across batches
        Matcher variant = Pattern.compile("\\| (default|remapping) \\| GraphTuning[^|]*\\| ([^|]+) \\| (yes|NO) \\|")
                .matcher(report);
        int rows = 0;
        while (variant.find()) {
            rows++;
            assertTrue(Double.parseDouble(variant.group(2).trim()) < 1e-4, variant.group());
        }
        assertEquals(2, rows, report);
        assertTrue(report.contains("| 4 | remapping |") && report.contains("| 1 | default |"), report);
        assertTrue(report.contains("load average at end"), report);
    }

    @Test
    void aMissingPythonSkipsThePeerWithAReason() throws IOException, InterruptedException {
        Path model = temp.resolve("tiny");
        ModelManifest manifest = TinyModels.export(model, 3);
        TorchPeer.Start start = TorchPeer.start(manifest, 1, temp.resolve("no-such-python").toString());
        assertTrue(start.peer().isEmpty());
        assertTrue(start.why().contains("no-such-python"), start.why());
    }

    @Test
    void thePyTorchPeerBuildsTheSameNetworkAndRuns() throws IOException, InterruptedException {
        Path model = temp.resolve("tiny");
        ModelManifest manifest = TinyModels.export(model, 3);
        TorchPeer.Start start = TorchPeer.start(manifest, 1, TorchPeer.defaultPython());
        Assumptions.assumeTrue(start.peer().isPresent(), "PyTorch peer not available: " + start.why());
        try (TorchPeer peer = start.peer().get()) {
            long ours = dev.udpm.core.net.UNet.parameterSpecs(dev.udpm.core.net.UNetConfig.fromMap(manifest.network()))
                    .stream().mapToLong(s -> s.size()).sum();
            assertEquals(ours, peer.parameters());
            assertTrue(peer.run(false, 2) > 0);
            assertTrue(peer.run(true, 2) > 0);
        }
    }
}
