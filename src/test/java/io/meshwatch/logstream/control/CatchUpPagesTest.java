package io.meshwatch.logstream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.logstream.entity.StoredLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CatchUpPagesTest {

    private final List<StoredLine> store = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();

    private List<StoredLine> read(long id, long after, int limit) {
        reads.incrementAndGet();
        return store.stream().filter(l -> l.seq() > after).limit(limit).toList();
    }

    private void storeLines(int n) {
        for (int i = 0; i < n; i++) {
            long seq = store.size() + 1;
            store.add(new StoredLine(seq, Instant.ofEpochSecond(1_800_000_000L + seq), "stdout", "INFO", "line " + seq));
        }
    }

    @Test
    void pagesEndOnBlockBoundariesAndCompleteOnesAreReadOnce() {
        storeLines(1_250);
        CatchUpPages pages = new CatchUpPages(500, 1 << 24, this::read);

        CatchUpPages.Page first = pages.after(1, "local-1", 123);
        assertEquals(124, first.firstSeq());
        assertEquals(500, first.lastSeq(), "to the end of the first block");
        assertTrue(first.complete());

        CatchUpPages.Page block = pages.after(1, "local-1", 500);
        assertEquals(501, block.firstSeq());
        assertEquals(1_000, block.lastSeq());
        assertSame(block, pages.after(1, "local-1", 500), "kept: the same page, frame and bytes");
        assertEquals(2, reads.get());

        // The last block is not full yet: read for whoever asks, never kept.
        CatchUpPages.Page tail = pages.after(1, "local-1", 1_000);
        assertEquals(1_250, tail.lastSeq());
        assertFalse(tail.complete());
        pages.after(1, "local-1", 1_000);
        assertEquals(4, reads.get());
        storeLines(250);
        assertEquals(1_500, pages.after(1, "local-1", 1_000).lastSeq(), "a full block once the lines are there");
        assertNull(pages.after(1, "local-1", 1_500), "nothing after the last stored line");
    }

    @Test
    void theLastPageIsSharedUntilALiveBatchSaysTheJobStoredMore() {
        storeLines(1_250);
        CatchUpPages pages = new CatchUpPages(500, 1 << 24, this::read);
        pages.stored("local-1", 1_250);
        CatchUpPages.Page tail = pages.after(1, "local-1", 1_000);
        assertSame(tail, pages.after(1, "local-1", 1_000));
        assertEquals(1, reads.get());

        storeLines(10);
        assertSame(tail, pages.after(1, "local-1", 1_000), "nothing says there is more yet: fewer lines, still right");
        pages.stored("local-1", 1_260);
        CatchUpPages.Page longer = pages.after(1, "local-1", 1_000);
        assertEquals(1_260, longer.lastSeq());
        assertEquals(2, reads.get());

        pages.forget("local-1");
        pages.after(1, "local-1", 1_000);
        assertEquals(3, reads.get(), "a job nobody watches: its last page is read again");
    }

    @Test
    void keptPagesStayWithinTheirByteBudgetOldestUseFirstOut() {
        storeLines(5_000);
        CatchUpPages unbounded = new CatchUpPages(500, Long.MAX_VALUE, this::read);
        unbounded.after(1, "local-1", 4_500);
        long onePage = unbounded.keptBytes(); // the largest: its seqs have the most digits
        assertTrue(onePage > 500 * 20, "a page of 500 lines takes " + onePage + " bytes");

        CatchUpPages pages = new CatchUpPages(500, onePage * 3, this::read);
        for (long after = 0; after < 5_000; after += 500) {
            pages.after(1, "local-1", after);
            assertTrue(pages.keptBytes() <= onePage * 3, pages.keptBytes() + " bytes kept");
        }
        assertEquals(3, pages.keptPages());
        int before = reads.get();
        pages.after(1, "local-1", 4_500);
        assertEquals(before, reads.get(), "a recent page is still kept");
        pages.after(1, "local-1", 0);
        assertEquals(before + 1, reads.get(), "the oldest was let go and is read again");
    }

    @Test
    void sessionsAskingForAPageBeingReadWaitForThatReadInsteadOfReadingAgain() throws Exception {
        storeLines(1_000);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CatchUpPages pages = new CatchUpPages(500, 1 << 24, (id, after, limit) -> {
            reading.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return read(id, after, limit);
        });
        List<CatchUpPages.Page> got = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(new Thread(() -> got.add(pages.after(1, "local-1", 500))));
        }
        threads.get(0).start();
        assertTrue(reading.await(30, TimeUnit.SECONDS));
        for (Thread thread : threads.subList(1, threads.size())) {
            thread.start();
        }
        // The others queue up on the page being read.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : threads.subList(1, threads.size())) {
            while (thread.getState() != Thread.State.BLOCKED) {
                assertTrue(System.nanoTime() < deadline, "thread " + thread.getName() + " is " + thread.getState());
                Thread.onSpinWait();
            }
        }
        release.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertEquals(8, got.size());
        assertEquals(1, reads.get());
        got.forEach(page -> assertSame(got.get(0), page));
    }
}
