package dev.udpm.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One hot reload of P6, as {@link System#nanoTime()} instants: the reload window {@code [publish, reloadEnd)}, the
 * steady windows just before ({@code [steadyFrom, publish)}) and just after it ({@code [afterFrom, afterTo)}, the
 * next round's "before" window), and when the new version was seen serving ({@code switched}: the worker's
 * {@code loaded} status event read, or else the first completed event that names the new version). Jobs belong to
 * the window they were written in.
 *
 * @param loadMillis the worker's own load + warm-up time from its status reason ("?" if it did not say)
 */
public record ReloadRound(String oldVersion, String newVersion, long steadyFrom, long publish, long announced,
        long switched, boolean statusRead, String loadMillis, long reloadEnd, long afterFrom, long afterTo) {

    /** This round with its steady window after the reload set. */
    public ReloadRound withAfter(long from, long to) {
        return new ReloadRound(oldVersion, newVersion, steadyFrom, publish, announced, switched, statusRead,
                loadMillis, reloadEnd, from, to);
    }

    /** Jobs of the steady windows before and after the reload (bracketing it, so slow drift of the machine cancels). */
    public List<SteadyLoad.Job> steady(SteadyLoad load) {
        List<SteadyLoad.Job> jobs = new ArrayList<>(load.submittedBetween(steadyFrom, publish));
        jobs.addAll(load.submittedBetween(afterFrom, afterTo));
        return jobs;
    }

    public List<SteadyLoad.Job> reload(SteadyLoad load) {
        return load.submittedBetween(publish, reloadEnd);
    }

    /** The round in a few words: publish -> serving time and how it was seen. */
    public String describe() {
        return String.format("%s->%s serving %.1f s after publish start (upload + announce %.1f s, worker load +"
                + " warm-up %s ms, seen by %s), window %.0f s", oldVersion, newVersion, (switched - publish) / 1e9,
                (announced - publish) / 1e9, loadMillis, statusRead ? "status event" : "first completed event",
                (reloadEnd - publish) / 1e9);
    }
}
