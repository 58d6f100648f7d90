package io.meshwatch.logstream.control;

import io.meshwatch.logstream.entity.LogLinesAppended;
import io.meshwatch.logstream.entity.NewLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;

/**
 * For producers that run outside a transaction (a local job's pump): store a
 * batch in its own transaction, then tell the live push.
 */
@ApplicationScoped
public class LogWriter {

    @Inject
    LogStore store;

    @Inject
    Event<LogLinesAppended> appended;

    public LogLinesAppended append(long meshResultId, List<NewLine> lines) {
        LogLinesAppended batch = store.append(meshResultId, lines);
        if (!batch.lines().isEmpty()) {
            appended.fire(batch);
        }
        return batch;
    }
}
