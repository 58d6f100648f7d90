package io.meshwatch.logstream.control;

import io.meshwatch.logstream.entity.StoredLine;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Catch-up pages read from the store, shared by every session at the same place
 * in a job's log. Pages are aligned to fixed blocks of seqs (1-500, 501-1000,
 * ...): a session reads to the end of its block first, and from there on all
 * sessions that are behind ask for the same pages. A page that is complete (it
 * has all the lines asked for) can never change, so it is read and encoded once
 * and kept, least recently used first out, within a byte budget. A page at the
 * end of the stored log is kept too, and served until a live batch says the job
 * stored more lines than it holds (serving it a little late is still correct: its
 * lines are the right ones, only fewer). While one session reads a page, others
 * asking for the same page wait for it rather than read it again.
 */
final class CatchUpPages {

    /** Reads up to {@code limit} stored lines after {@code after}, in seq order. */
    interface Reader {
        List<StoredLine> after(long meshResultId, long after, int limit);
    }

    /** Lines {@code firstSeq..lastSeq} of a job as one {@code log_lines} frame. */
    record Page(OutFrame frame, long firstSeq, long lastSeq, int count, boolean complete) {
    }

    private record Key(long meshResultId, long after, int limit) {
    }

    private final int pageLines;
    private final long maxBytes;
    private final Reader reader;
    private final Map<Key, Object> loading = new ConcurrentHashMap<>();
    private final LinkedHashMap<Key, Page> kept = new LinkedHashMap<>(64, 0.75f, true);
    /** The last seq each watched job is known to have stored, from its live batches. */
    private final Map<String, Long> stored = new ConcurrentHashMap<>();
    private long keptBytes;
    final AtomicLong reads = new AtomicLong();
    final AtomicLong hits = new AtomicLong();

    CatchUpPages(int pageLines, long maxBytes, Reader reader) {
        this.pageLines = pageLines;
        this.maxBytes = maxBytes;
        this.reader = reader;
    }

    /**
     * The lines after {@code cursor} up to the end of its block, or null when
     * there are none yet.
     */
    Page after(long meshResultId, String jobId, long cursor) {
        int limit = (int) (pageLines - cursor % pageLines);
        Key key = new Key(meshResultId, cursor, limit);
        Page page = kept(key, jobId);
        if (page != null) {
            return page;
        }
        Object lock = loading.computeIfAbsent(key, k -> new Object());
        synchronized (lock) {
            try {
                page = kept(key, jobId);
                if (page != null) {
                    return page;
                }
                page = read(jobId, key);
                if (page != null) {
                    keep(key, page);
                }
                return page;
            } finally {
                loading.remove(key, lock);
            }
        }
    }

    private Page read(String jobId, Key key) {
        reads.incrementAndGet();
        List<StoredLine> lines = reader.after(key.meshResultId(), key.after(), key.limit());
        if (lines.isEmpty()) {
            return null;
        }
        OutFrame frame = new OutFrame(Frames.batch(jobId, lines));
        frame.wire();
        return new Page(frame, lines.get(0).seq(), lines.get(lines.size() - 1).seq(), lines.size(),
                lines.size() == key.limit());
    }

    /** A live batch of the job went out: it stored lines up to {@code lastSeq}. */
    void stored(String jobId, long lastSeq) {
        stored.merge(jobId, lastSeq, Math::max);
    }

    /** Nobody watches the job any more: its stored seq is no longer followed. */
    void forget(String jobId) {
        stored.remove(jobId);
    }

    /** A kept page, unless it is a last page and the job is known to have stored more since. */
    private synchronized Page kept(Key key, String jobId) {
        Page page = kept.get(key);
        if (page == null) {
            return null;
        }
        if (!page.complete() && page.lastSeq() < stored.getOrDefault(jobId, Long.MAX_VALUE)) {
            return null;
        }
        hits.incrementAndGet();
        return page;
    }

    private synchronized void keep(Key key, Page page) {
        long size = bytes(page);
        if (size > maxBytes) {
            return;
        }
        Page before = kept.put(key, page);
        keptBytes += size - (before == null ? 0 : bytes(before));
        Iterator<Page> oldest = kept.values().iterator();
        while (keptBytes > maxBytes && oldest.hasNext()) {
            keptBytes -= bytes(oldest.next());
            oldest.remove();
        }
    }

    /** What a kept page holds on to: its text and its encoded frame. */
    private static long bytes(Page page) {
        return 2L * page.frame().size();
    }

    synchronized long keptBytes() {
        return keptBytes;
    }

    synchronized int keptPages() {
        return kept.size();
    }
}
