package org.openkiosk.app.desk;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openkiosk.app.flow.PaperReader;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.ocr.DocumentReader;
import org.openkiosk.device.ocr.OcrEngines;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.RecognisedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trip's paper reader: the OCR engine named in {@code camera.ocr}, loaded (a few seconds, about 600 MB for
 * {@code auto}) in the background as soon as a matter with papers to read is chosen ({@link #prepare()}), or else on
 * the first paper, and kept for the next. A paper laid while the load is under way waits for that load, not for a
 * second one. A kiosk whose engine cannot be loaded keeps working: every paper is then "unreadable" and its fields
 * stay for typing; loading is not retried for every paper.
 */
public final class OcrPaperReader implements PaperReader, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OcrPaperReader.class);
    private static final long RETRY_AFTER_MS = 10 * 60 * 1000L;

    /** Loads an engine and its page pipeline (the real one: {@link OcrEngines#load(String)}). */
    @FunctionalInterface
    public interface Loader {
        DocumentReader load() throws OcrException;
    }

    private final String engineName;
    private final Loader loader;
    /** Set only under this object's lock; read without it by {@link #prepare()}. */
    private volatile DocumentReader reader;
    private final AtomicBoolean loading = new AtomicBoolean();
    private volatile boolean closed;
    private long failedAt = -1;
    private String failure;

    public OcrPaperReader(String engineName) {
        this(engineName, () -> new DocumentReader(OcrEngines.load(engineName)));
    }

    public OcrPaperReader(String engineName, Loader loader) {
        this.engineName = engineName;
        this.loader = loader;
    }

    @Override
    public synchronized RecognisedDocument read(CapturedImage image) throws IOException, OcrException {
        return loaded().read(image);
    }

    /** Starts loading the engine on a background thread, unless it is loaded or loading; returns at once. */
    @Override
    public void prepare() {
        if (reader != null || !loading.compareAndSet(false, true)) {
            return;
        }
        Thread load = new Thread(() -> {
            try {
                synchronized (this) {
                    loaded(); // closed meanwhile: loads nothing
                }
            } catch (OcrException e) {
                // loaded() logged it; the paper, when laid, says the engine is unavailable and its fields stay
            } finally {
                loading.set(false);
                if (closed) {
                    closeLoaded(); // the kiosk closed while this load ran: it did not wait for it
                }
            }
        }, "ocr-load");
        load.setDaemon(true);
        load.start();
    }

    /** True once the engine is loaded (for tests and diagnostics). */
    public boolean ready() {
        return reader != null;
    }

    private DocumentReader loaded() throws OcrException {
        if (reader != null) {
            return reader;
        }
        if (closed) {
            throw new OcrException("OCR engine " + engineName + " closed");
        }
        if (failedAt >= 0 && System.currentTimeMillis() - failedAt < RETRY_AFTER_MS) {
            throw new OcrException("OCR engine " + engineName + " unavailable: " + failure);
        }
        long start = System.nanoTime();
        try {
            DocumentReader fresh = loader.load();
            fresh.warmUp();
            LOG.info("OCR engine {} loaded in {} ms", engineName, (System.nanoTime() - start) / 1_000_000);
            reader = fresh;
            return fresh;
        } catch (OcrException | RuntimeException | LinkageError e) {
            failedAt = System.currentTimeMillis();
            failure = String.valueOf(e.getMessage());
            LOG.error("OCR engine {} cannot be loaded; papers stay for typing: {}", engineName, e.toString());
            throw new OcrException("OCR engine " + engineName + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the engine; a load still under way is not waited for (up to seconds after a cold boot): it closes what it
     * loaded when it ends.
     */
    @Override
    public void close() {
        closed = true;
        if (!loading.get()) {
            closeLoaded();
        }
    }

    private synchronized void closeLoaded() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
