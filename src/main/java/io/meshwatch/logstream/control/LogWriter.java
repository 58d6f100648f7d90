package io.meshwatch.logstream.control;

import io.meshwatch.logstream.entity.LogLinesAppended;
import io.meshwatch.logstream.entity.NewLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * For producers that run outside a transaction (a local job's pump): store a
 * batch in its own transaction, then tell the live push.
 */
@ApplicationScoped
public class LogWriter {

    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());

    @Inject
    LogStore store;

    @Inject
    Event<LogLinesAppended> appended;

    /**
     * Stores, then notifies. The lines are stored once the store returns: a
     * failing observer is logged and never makes the caller store them again.
     */
    public LogLinesAppended append(long meshResultId, List<NewLine> lines) {
        LogLinesAppended batch = store.append(meshResultId, lines);
        if (!batch.lines().isEmpty()) {
            try {
                appended.fire(batch);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Telling the live push about " + batch.jobId() + "'s lines failed", e);
            }
        }
        return batch;
    }
}
