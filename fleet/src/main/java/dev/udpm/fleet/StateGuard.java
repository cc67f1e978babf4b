package dev.udpm.fleet;

import java.util.Optional;

/** Refuses to start a second fleet on a data folder whose launcher is still alive. */
final class StateGuard {

    private final FleetConfig config;

    StateGuard(FleetConfig config) {
        this.config = config;
    }

    /** The state of a fleet whose launcher is alive, if any. */
    Optional<FleetState> liveFleet() {
        return FleetState.read(config.stateFile()).filter(s -> s.liveProcess("launcher").isPresent());
    }

    /** @throws IllegalStateException naming the running launcher */
    void requireNoLiveFleet() {
        liveFleet().ifPresent(s -> {
            throw new IllegalStateException("a fleet is already running on " + config.dataDir() + " (launcher pid "
                    + s.get("launcher.pid").orElse("?") + "): ./local-fleet status, or ./local-fleet stop first");
        });
    }
}
