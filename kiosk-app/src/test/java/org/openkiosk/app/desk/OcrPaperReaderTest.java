package org.openkiosk.app.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.ocr.DocumentReader;
import org.openkiosk.device.ocr.OcrEngine;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.OcrText;
import org.openkiosk.device.ocr.RecognisedDocument;

/**
 * Loading the OCR engine ahead of the first paper. The engine here is a stand-in whose load the test holds and
 * releases (the real engine's reading is covered by TripPaperReadingTest and the device drivers' OCR tests): what is
 * tested is when the load happens, and that it happens once.
 */
class OcrPaperReaderTest {
    private final AtomicInteger loads = new AtomicInteger();
    private final CountDownLatch loadStarted = new CountDownLatch(1);
    private final CountDownLatch releaseLoad = new CountDownLatch(1);
    private final AtomicInteger pagesRead = new AtomicInteger();
    private final AtomicInteger enginesClosed = new AtomicInteger();

    /** A load that takes as long as the test wants, like the real one's few seconds. */
    private DocumentReader slowLoad() throws OcrException {
        loads.incrementAndGet();
        loadStarted.countDown();
        try {
            if (!releaseLoad.await(30, TimeUnit.SECONDS)) {
                throw new OcrException("the test never released the load");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrException("interrupted");
        }
        return new DocumentReader(new OcrEngine() {
            @Override
            public String name() {
                return "stand-in";
            }

            @Override
            public OcrText read(BufferedImage page) {
                pagesRead.incrementAndGet();
                return OcrText.of(List.of(new OcrText.Line("证明", 0.99, 10, 10, 60, 30)));
            }

            @Override
            public void close() {
                enginesClosed.incrementAndGet();
            }
        });
    }

    @Test
    void prepareReturnsAtOnceAndAPaperLaidDuringTheLoadWaitsForThatLoadNotASecondOne() throws Exception {
        OcrPaperReader papers = new OcrPaperReader("stand-in", this::slowLoad);

        papers.prepare();
        assertThat(loadStarted.await(10, TimeUnit.SECONDS)).as("the load began in the background").isTrue();
        assertThat(papers.ready()).isFalse();

        CompletableFuture<RecognisedDocument> read = CompletableFuture.supplyAsync(() -> {
            try {
                return papers.read(page());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        papers.prepare(); // chosen again (the resident went back): no second load
        assertThat(read).as("the paper waits for the load").isNotDone();

        releaseLoad.countDown();
        read.get(30, TimeUnit.SECONDS);
        assertThat(papers.ready()).isTrue();
        assertThat(pagesRead).as("the paper was read with the engine loaded ahead").hasValue(1);
        papers.prepare(); // loaded: nothing to do
        papers.read(page());
        assertThat(loads).hasValue(1);
        papers.close();
    }

    @Test
    void anEngineThatCannotBeLoadedAheadIsNotLoadedAgainForThePaper() throws Exception {
        OcrPaperReader papers = new OcrPaperReader("broken", () -> {
            loads.incrementAndGet();
            throw new OcrException("libRapidOcr.so: cannot open shared object file");
        });
        papers.prepare();

        assertThatThrownBy(() -> papers.read(page())).isInstanceOf(OcrException.class)
                .hasMessageContaining("libRapidOcr.so");
        assertThat(loads).as("tried once, ahead or for the paper; not again within the retry time").hasValue(1);
        assertThat(papers.ready()).isFalse();
    }

    @Test
    void closingDoesNotWaitForALoadUnderWayWhichClosesWhatItLoaded() throws Exception {
        OcrPaperReader papers = new OcrPaperReader("stand-in", this::slowLoad);
        papers.prepare();
        assertThat(loadStarted.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(papers::close);
        closing.get(5, TimeUnit.SECONDS); // the load is still held: closing did not wait for it
        assertThat(enginesClosed).hasValue(0);

        releaseLoad.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (enginesClosed.get() == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(enginesClosed).as("the engine loaded after the close is closed").hasValue(1);
        assertThat(papers.ready()).isFalse();
    }

    @Test
    void aClosedReaderLoadsNothing() {
        OcrPaperReader papers = new OcrPaperReader("stand-in", this::slowLoad);
        papers.close();
        assertThatThrownBy(() -> papers.read(page())).isInstanceOf(OcrException.class).hasMessageContaining("closed");
        assertThat(loads).hasValue(0);
    }

    /** A photographed letter (the kiosk's test samples). */
    private static CapturedImage page() throws Exception {
        try (InputStream in = OcrPaperReaderTest.class.getResourceAsStream("/sim/plain-letter-page.jpg")) {
            byte[] jpeg = in.readAllBytes();
            BufferedImage photo = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
            return new CapturedImage(jpeg, "image/jpeg", photo.getWidth(), photo.getHeight());
        }
    }
}
