package org.openkiosk.device.ocr;

import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;
import net.sourceforge.tess4j.util.LoadLibs;

/**
 * The system Tesseract (chi_sim+eng) through Tess4J's direct C API, holding one initialised handle: Tess4J's
 * {@code Tesseract.doOCR} would load the language data again for every page.
 */
public final class TesseractEngine implements OcrEngine {
    public static final String NAME = "tesseract";
    /** Traditional Chinese (Debian's tesseract-ocr-chi-tra; its digits and Latin letters too): pages printed in traditional characters. */
    public static final String TRADITIONAL = "chi_tra";
    private static final List<String> TESSDATA = List.of("/usr/share/tesseract-ocr/5/tessdata",
            "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata");

    private final TessAPI api;
    private ITessAPI.TessBaseAPI handle;

    private TesseractEngine(TessAPI api, ITessAPI.TessBaseAPI handle) {
        this.api = api;
        this.handle = handle;
    }

    public static TesseractEngine load() throws OcrException {
        return load("chi_sim+eng");
    }

    /**
     * @param languages Tesseract's language list ({@code chi_sim+eng}; {@code chi_tra} for pages printed in
     *                  traditional characters, Debian's tesseract-ocr-chi-tra)
     */
    public static TesseractEngine load(String languages) throws OcrException {
        // one OpenMP thread: several threads are 4-6 times slower on a 2-core machine
        NativeProcess.setenvIfAbsent("OMP_THREAD_LIMIT", "1");
        String first = languages.split("\\+")[0];
        Path data = tessdata(first).orElseThrow(() -> new OcrException(languages.startsWith("chi_tra")
                ? "Tesseract language data (chi_tra) not found: install tesseract-ocr-chi-tra"
                : "Tesseract language data (chi_sim, eng) not found: install tesseract-ocr-chi-sim and tesseract-ocr-eng"));
        // the interface mapping binds each function on first call: Debian's Tesseract 5.3 lacks a few that
        // Tess4J's direct mapping (TessAPI1) would bind up front
        TessAPI api;
        ITessAPI.TessBaseAPI h;
        try {
            api = LoadLibs.getTessAPIInstance();
            h = api.TessBaseAPICreate();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | IllegalStateException e) {
            throw new OcrException("the Tesseract library (libtesseract5) is not installed: " + e.getMessage(), e);
        }
        if (api.TessBaseAPIInit3(h, data.toString(), languages) != 0) {
            api.TessBaseAPIDelete(h);
            throw new OcrException("Tesseract could not load " + languages + " from " + data);
        }
        api.TessBaseAPISetPageSegMode(h, ITessAPI.TessPageSegMode.PSM_AUTO);
        api.TessBaseAPISetVariable(h, "debug_file", "/dev/null");
        // pages are evened to dark ink on white paper: skip Tesseract's second pass looking for inverted text
        api.TessBaseAPISetVariable(h, "tessedit_do_invert", "0");
        TesseractEngine engine = new TesseractEngine(api, h);
        // the first page pays for loading the language models: pay it here, not on a resident's page
        engine.read(new java.awt.image.BufferedImage(64, 32, java.awt.image.BufferedImage.TYPE_BYTE_GRAY));
        return engine;
    }

    private static Optional<Path> tessdata(String language) {
        String env = System.getenv("TESSDATA_PREFIX");
        List<String> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.addAll(TESSDATA);
        return candidates.stream().map(Path::of).filter(p -> Files.isReadable(p.resolve(language + ".traineddata"))).findFirst();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OcrText read(BufferedImage page) throws OcrException {
        if (handle == null) {
            throw new OcrException("the Tesseract engine is closed");
        }
        BufferedImage grey = Grey.of(page);
        byte[] data = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        ByteBuffer buf = ByteBuffer.allocateDirect(data.length);
        buf.put(data).flip();
        api.TessBaseAPISetImage(handle, buf, grey.getWidth(), grey.getHeight(), 1, grey.getWidth());
        api.TessBaseAPISetSourceResolution(handle, 200);
        if (api.TessBaseAPIRecognize(handle, null) != 0) {
            api.TessBaseAPIClear(handle);
            throw new OcrException("Tesseract could not read the page");
        }
        List<OcrText.Line> lines;
        double conf;
        try {
            lines = lines();
            conf = Math.max(0, api.TessBaseAPIMeanTextConf(handle)) / 100.0; // the page's, as before
        } finally {
            api.TessBaseAPIClear(handle);
        }
        return new OcrText(String.join("\n", lines.stream().map(OcrText.Line::text).toList()), conf, lines);
    }

    /**
     * The recognised page's lines, each with the confidence of its least certain word: a line is as trustworthy as
     * that word (one wrong character spoils a name), not as the page on average. (Tesseract's confidences of single
     * characters are no use for this: on the bench they vouched for more wrong values than the words' did.)
     */
    private List<OcrText.Line> lines() {
        List<OcrText.Line> lines = new ArrayList<>();
        ITessAPI.TessResultIterator words = api.TessBaseAPIGetIterator(handle);
        if (words == null) {
            return lines; // nothing on the page
        }
        try {
            ITessAPI.TessPageIterator at = api.TessResultIteratorGetPageIterator(words);
            StringBuilder line = new StringBuilder();
            double least = 1;
            do {
                if (api.TessPageIteratorIsAtBeginningOf(at, ITessAPI.TessPageIteratorLevel.RIL_TEXTLINE) == ITessAPI.TRUE) {
                    addLine(lines, line, least);
                    line.setLength(0);
                    least = 1;
                }
                Pointer text = api.TessResultIteratorGetUTF8Text(words, ITessAPI.TessPageIteratorLevel.RIL_WORD);
                if (text == null) {
                    continue;
                }
                try {
                    line.append(text.getString(0, "UTF-8")).append(' ');
                } finally {
                    api.TessDeleteText(text);
                }
                float confidence = api.TessResultIteratorConfidence(words, ITessAPI.TessPageIteratorLevel.RIL_WORD);
                least = Math.min(least, Math.max(0, confidence) / 100.0);
            } while (api.TessResultIteratorNext(words, ITessAPI.TessPageIteratorLevel.RIL_WORD) == ITessAPI.TRUE);
            addLine(lines, line, least);
        } finally {
            api.TessResultIteratorDelete(words);
        }
        return lines;
    }

    private static void addLine(List<OcrText.Line> lines, CharSequence words, double confidence) {
        String t = CjkSpacing.tidy(words.toString());
        if (!t.isBlank()) {
            lines.add(new OcrText.Line(t, confidence, 0, 0, 0, 0));
        }
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            api.TessBaseAPIEnd(handle);
            api.TessBaseAPIDelete(handle);
            handle = null;
        }
    }
}
