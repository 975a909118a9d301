package org.openkiosk.device.camera;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.divide;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_NONE;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.approxPolyDP;
import static org.bytedeco.opencv.global.opencv_imgproc.arcLength;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.convexHull;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The page pipeline between the document camera and OCR: finds the page's outline in a photograph, corrects the
 * perspective, removes residual skew, evens out the lighting and crops to the page, then judges the page's
 * sharpness and glare on the text itself (so a sparse ID-card copy is not mistaken for a blurred one).
 *
 * <p>Thread-safe and stateless; about 50-150 ms for a 2 MP photograph on one core.
 */
public final class PageScanner {
    /** Working size (long side) for outline detection and the quality checks. */
    static final int WORK_SIDE = 1000;
    /** A page must cover at least this share of the photograph to be taken as the page's outline. */
    static final double MIN_PAGE_SHARE = 0.12;
    /** Median text-edge sharpness (see {@link #textSharpness}) below which text is too blurred to read. */
    public static final double MIN_TEXT_SHARPNESS = 0.28;
    /** Share of the page's area burnt out to pure white in blobs, above which glare is said to hide text. */
    public static final double MAX_GLARE_SHARE = 0.02;

    /** A point in the source photograph's pixels. */
    public record Corner(double x, double y) {
        double distance(Corner o) {
            return Math.hypot(x - o.x, y - o.y);
        }
    }

    /** The page's outline: four corners in the source photograph, clockwise from the top left. */
    public record Quad(Corner topLeft, Corner topRight, Corner bottomRight, Corner bottomLeft) {
        public List<Corner> corners() {
            return List.of(topLeft, topRight, bottomRight, bottomLeft);
        }
    }

    /**
     * A straightened page.
     *
     * @param page      grey page, perspective-corrected, deskewed, lighting evened, cropped (what OCR reads)
     * @param outline   where the page was found in the photograph; empty when no outline was found (then the
     *                  whole photograph was used, deskewed)
     * @param skewDegrees residual rotation removed after the perspective correction
     * @param verdict   sharpness and glare measured on the page's text; {@link ImageQuality.Problem#NONE} if fit
     */
    public record ScannedPage(BufferedImage page, Optional<Quad> outline, double skewDegrees, ImageQuality.Verdict verdict) {
        public boolean acceptable() {
            return verdict.acceptable();
        }
    }

    public ScannedPage scan(CapturedImage image) throws IOException {
        Mat grey = decodeGrey(image.bytes());
        try {
            return scan(grey);
        } finally {
            grey.close();
        }
    }

    public ScannedPage scan(BufferedImage image) {
        try (Mat grey = toGreyMat(image)) {
            return scan(grey);
        }
    }

    /** Decodes JPEG/PNG bytes to a grey image; {@link IOException} when they are not an image. */
    public static Mat decodeGrey(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            throw new IOException("not a readable image (empty file)");
        }
        Mat grey;
        try (Mat buf = new Mat(1, bytes.length, CV_8U)) {
            buf.data().put(bytes);
            grey = imdecode(buf, IMREAD_GRAYSCALE);
        }
        if (grey == null || grey.empty()) {
            throw new IOException("not a readable image (" + bytes.length + " bytes)");
        }
        return grey;
    }

    ScannedPage scan(Mat grey) {
        if (Math.min(grey.cols(), grey.rows()) < ImageQuality.MIN_SHORT_SIDE) {
            return new ScannedPage(toBufferedImage(grey), Optional.empty(), 0,
                    new ImageQuality.Verdict(ImageQuality.Problem.TOO_SMALL, 0, 0));
        }
        Optional<Quad> quad = findPage(grey);
        Mat page = quad.map(q -> warp(grey, q)).orElseGet(grey::clone);
        double skew = estimateSkew(page);
        if (Math.abs(skew) >= 0.2) {
            Mat rotated = rotate(page, skew);
            page.close();
            page = rotated;
        }
        double glare = glareShare(page);
        Mat even = evenLighting(page);
        page.close();
        double sharpness = textSharpness(even);
        ImageQuality.Problem problem = Math.min(even.cols(), even.rows()) < ImageQuality.MIN_SHORT_SIDE * 0.8
                ? ImageQuality.Problem.TOO_SMALL
                : sharpness < MIN_TEXT_SHARPNESS ? ImageQuality.Problem.BLURRED
                : glare > MAX_GLARE_SHARE ? ImageQuality.Problem.GLARE : ImageQuality.Problem.NONE;
        BufferedImage out = toBufferedImage(even);
        even.close();
        return new ScannedPage(out, quad, skew, new ImageQuality.Verdict(problem, sharpness, glare));
    }

    /** The page's outline: the largest bright quadrilateral, its sides fitted to the edge for sub-pixel corners. */
    public Optional<Quad> findPage(Mat grey) {
        double scale = Math.min(1.0, (double) WORK_SIDE / Math.max(grey.cols(), grey.rows()));
        try (Mat small = new Mat(); Mat bin = new Mat(); MatVector contours = new MatVector();
             Mat kernel = getStructuringElement(MORPH_RECT, new Size(5, 5))) {
            resize(grey, small, new Size((int) Math.round(grey.cols() * scale), (int) Math.round(grey.rows() * scale)),
                    0, 0, INTER_AREA);
            GaussianBlur(small, small, new Size(5, 5), 0);
            threshold(small, bin, 0, 255, THRESH_BINARY | THRESH_OTSU);
            morphologyEx(bin, bin, MORPH_OPEN, kernel);
            morphologyEx(bin, bin, MORPH_CLOSE, kernel);
            findContours(bin, contours, RETR_EXTERNAL, CHAIN_APPROX_NONE);
            Mat best = null;
            double bestArea = 0;
            for (long i = 0; i < contours.size(); i++) {
                double a = contourArea(contours.get(i));
                if (a > bestArea) {
                    bestArea = a;
                    best = contours.get(i);
                }
            }
            double total = (double) small.cols() * small.rows();
            if (best == null || bestArea < MIN_PAGE_SHARE * total || bestArea > 0.985 * total) {
                return Optional.empty();
            }
            List<double[]> contour = points(best);
            Optional<List<double[]>> approx = quadrilateral(best);
            if (approx.isEmpty()) {
                return Optional.empty();
            }
            List<double[]> corners = order(approx.get());
            List<double[]> refined = refine(corners, contour);
            if (Math.abs(polygonArea(refined) - polygonArea(corners)) > 0.05 * polygonArea(corners)) {
                refined = corners;
            }
            double inv = 1 / scale;
            // contour pixels lie on the inside of the edge; the true edge is half a pixel further out
            return Optional.of(new Quad(corner(refined.get(0), inv), corner(refined.get(1), inv),
                    corner(refined.get(2), inv), corner(refined.get(3), inv)));
        }
    }

    private static Corner corner(double[] p, double inv) {
        return new Corner((p[0] + 0.5) * inv - 0.5, (p[1] + 0.5) * inv - 0.5);
    }

    private static Optional<List<double[]>> quadrilateral(Mat contour) {
        try (Mat hull = new Mat()) {
            convexHull(contour, hull);
            double perimeter = arcLength(hull, true);
            for (double eps = 0.01; eps <= 0.1; eps += 0.005) {
                try (Mat approx = new Mat()) {
                    approxPolyDP(hull, approx, eps * perimeter, true);
                    if (approx.rows() == 4) {
                        return Optional.of(points(approx));
                    }
                    if (approx.rows() < 4) {
                        break;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<double[]> points(Mat contour) {
        List<double[]> out = new ArrayList<>(contour.rows());
        try (IntIndexer idx = contour.createIndexer()) {
            for (int i = 0; i < contour.rows(); i++) {
                out.add(new double[] {idx.get(i, 0, 0), idx.get(i, 0, 1)});
            }
        }
        return out;
    }

    /** Top-left, top-right, bottom-right, bottom-left. */
    static List<double[]> order(List<double[]> pts) {
        double[] tl = pts.get(0);
        double[] br = pts.get(0);
        double[] tr = pts.get(0);
        double[] bl = pts.get(0);
        for (double[] p : pts) {
            if (p[0] + p[1] < tl[0] + tl[1]) {
                tl = p;
            }
            if (p[0] + p[1] > br[0] + br[1]) {
                br = p;
            }
            if (p[0] - p[1] > tr[0] - tr[1]) {
                tr = p;
            }
            if (p[1] - p[0] > bl[1] - bl[0]) {
                bl = p;
            }
        }
        return List.of(tl, tr, br, bl);
    }

    /** Fits a straight line to the contour points along each side (away from the corners) and intersects them. */
    private static List<double[]> refine(List<double[]> corners, List<double[]> contour) {
        double[][] lines = new double[4][];
        for (int s = 0; s < 4; s++) {
            double[] a = corners.get(s);
            double[] b = corners.get((s + 1) % 4);
            double dx = b[0] - a[0];
            double dy = b[1] - a[1];
            double len = Math.hypot(dx, dy);
            if (len < 10) {
                return corners;
            }
            double ux = dx / len;
            double uy = dy / len;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            int n = 0;
            for (double[] p : contour) {
                double t = ((p[0] - a[0]) * ux + (p[1] - a[1]) * uy) / len;
                double d = Math.abs((p[0] - a[0]) * uy - (p[1] - a[1]) * ux);
                if (t > 0.08 && t < 0.92 && d < 4) {
                    sx += p[0];
                    sy += p[1];
                    sxx += p[0] * p[0];
                    syy += p[1] * p[1];
                    sxy += p[0] * p[1];
                    n++;
                }
            }
            if (n < 10) {
                return corners;
            }
            double mx = sx / n;
            double my = sy / n;
            double cxx = sxx / n - mx * mx;
            double cyy = syy / n - my * my;
            double cxy = sxy / n - mx * my;
            // direction of the principal axis of the points' covariance
            double theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
            lines[s] = new double[] {mx, my, Math.cos(theta), Math.sin(theta)};
        }
        List<double[]> out = new ArrayList<>(4);
        for (int c = 0; c < 4; c++) {
            double[] l1 = lines[(c + 3) % 4];
            double[] l2 = lines[c];
            double det = l1[2] * l2[3] - l1[3] * l2[2];
            if (Math.abs(det) < 1e-6) {
                return corners;
            }
            double t = ((l2[0] - l1[0]) * l2[3] - (l2[1] - l1[1]) * l2[2]) / det;
            out.add(new double[] {l1[0] + t * l1[2], l1[1] + t * l1[3]});
        }
        return out;
    }

    private static double polygonArea(List<double[]> p) {
        double a = 0;
        for (int i = 0; i < p.size(); i++) {
            double[] u = p.get(i);
            double[] v = p.get((i + 1) % p.size());
            a += u[0] * v[1] - v[0] * u[1];
        }
        return Math.abs(a) / 2;
    }

    /** The page, seen square-on: the quadrilateral mapped onto a rectangle of its own average side lengths. */
    static Mat warp(Mat grey, Quad q) {
        double w = (q.topLeft().distance(q.topRight()) + q.bottomLeft().distance(q.bottomRight())) / 2;
        double h = (q.topLeft().distance(q.bottomLeft()) + q.topRight().distance(q.bottomRight())) / 2;
        int width = (int) Math.round(w);
        int height = (int) Math.round(h);
        // crop a thin margin: the page's edge and any shadow along it are not content
        int inset = Math.max(2, (int) Math.round(Math.min(width, height) * 0.004));
        float[] src = new float[8];
        int i = 0;
        for (Corner c : q.corners()) {
            src[i++] = (float) c.x();
            src[i++] = (float) c.y();
        }
        float[] dst = {-inset, -inset, width - 1 - inset, -inset, width - 1 - inset, height - 1 - inset, -inset,
                height - 1 - inset};
        Mat out = new Mat();
        try (Point2f s = new Point2f(4); Point2f d = new Point2f(4)) {
            for (int k = 0; k < 4; k++) {
                s.position(k).x(src[2 * k]).y(src[2 * k + 1]);
                d.position(k).x(dst[2 * k]).y(dst[2 * k + 1]);
            }
            s.position(0);
            d.position(0);
            try (Mat m = getPerspectiveTransform(s, d)) {
                warpPerspective(grey, out, m, new Size(width - 2 * inset, height - 2 * inset), INTER_CUBIC,
                        BORDER_REPLICATE, new Scalar(255));
            }
        }
        return out;
    }

    /**
     * The rotation in degrees that levels the text lines ({@link #rotate} by it straightens the page), found as the
     * angle whose horizontal projection of dark pixels is most peaked. 0 when there is too little text to tell.
     */
    static double estimateSkew(Mat grey) {
        double scale = Math.min(1.0, 800.0 / Math.max(grey.cols(), grey.rows()));
        List<int[]> dark = new ArrayList<>();
        try (Mat small = new Mat(); Mat even = new Mat()) {
            resize(grey, small, new Size((int) (grey.cols() * scale), (int) (grey.rows() * scale)), 0, 0, INTER_AREA);
            Mat e = evenLighting(small);
            e.copyTo(even);
            e.close();
            try (UByteIndexer idx = even.createIndexer()) {
                for (int y = 0; y < even.rows(); y++) {
                    for (int x = 0; x < even.cols(); x++) {
                        if (idx.get(y, x) < 150) {
                            dark.add(new int[] {x, y});
                        }
                    }
                }
            }
        }
        if (dark.size() < 200) {
            return 0;
        }
        if (dark.size() > 40_000) {
            List<int[]> sample = new ArrayList<>(40_000);
            double step = dark.size() / 40_000.0;
            for (double k = 0; k < dark.size(); k += step) {
                sample.add(dark.get((int) k));
            }
            dark = sample;
        }
        double best = 0;
        double bestScore = -1;
        for (double a = -10; a <= 10.001; a += 0.5) {
            double s = profileScore(dark, a);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        double coarse = best;
        for (double a = coarse - 0.5; a <= coarse + 0.501; a += 0.1) {
            double s = profileScore(dark, a);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        return Math.round(best * 10) / 10.0;
    }

    private static double profileScore(List<int[]> pts, double degrees) {
        double r = Math.toRadians(degrees);
        double sin = Math.sin(r);
        double cos = Math.cos(r);
        java.util.Map<Integer, Integer> bins = new java.util.HashMap<>();
        for (int[] p : pts) {
            // y of the point once the image is rotated by -degrees (text lines then run horizontally)
            int y = (int) Math.round(p[1] * cos + p[0] * sin);
            bins.merge(y, 1, Integer::sum);
        }
        double score = 0;
        for (int c : bins.values()) {
            score += (double) c * c;
        }
        return score;
    }

    static Mat rotate(Mat grey, double degrees) {
        Mat out = new Mat();
        try (Point2f centre = new Point2f(grey.cols() / 2f, grey.rows() / 2f);
             Mat m = getRotationMatrix2D(centre, -degrees, 1.0)) {
            warpAffine(grey, out, m, grey.size(), INTER_LINEAR, BORDER_REPLICATE, new Scalar(255));
        }
        return out;
    }

    /** Divides the page by its own smooth background, so shading and vignetting vanish and paper is white. */
    static Mat evenLighting(Mat grey) {
        int f = 8;
        try (Mat small = new Mat(); Mat bg = new Mat(); Mat g32 = new Mat(); Mat bg32 = new Mat(); Mat ratio = new Mat();
             Mat kernel = getStructuringElement(MORPH_RECT, new Size(7, 7))) {
            resize(grey, small, new Size(Math.max(1, grey.cols() / f), Math.max(1, grey.rows() / f)), 0, 0, INTER_AREA);
            morphologyEx(small, small, MORPH_CLOSE, kernel);
            GaussianBlur(small, small, new Size(7, 7), 0);
            resize(small, bg, grey.size(), 0, 0, INTER_LINEAR);
            grey.convertTo(g32, CV_32F);
            bg.convertTo(bg32, CV_32F, 1, 1);
            divide(g32, bg32, ratio, 255.0, -1);
            Mat out = new Mat();
            ratio.convertTo(out, CV_8U);
            return out;
        }
    }

    /**
     * How sharp the text's edges are: for dark text pixels next to paper, the steepest grey step to a neighbour
     * two pixels away divided by the local ink-to-paper contrast, medianed over the page (at the 1000-pixel working
     * size). Sharp print is near 0.5; blurred print falls towards 0. Returns 1 when the page has too little ink to
     * judge (a blank page is not "blurred").
     */
    static double textSharpness(Mat even) {
        final int R = 6;
        double scale = Math.min(1.0, (double) WORK_SIDE / Math.max(even.cols(), even.rows()));
        try (Mat small = new Mat()) {
            resize(even, small, new Size((int) (even.cols() * scale), (int) (even.rows() * scale)), 0, 0, INTER_AREA);
            int w = small.cols();
            int h = small.rows();
            byte[] px = new byte[w * h];
            small.data().get(px);
            int[] hist = new int[101];
            int n = 0;
            for (int y = R; y < h - R; y++) {
                for (int x = R; x < w - R; x++) {
                    int v = px[y * w + x] & 0xFF;
                    if (v > 200) {
                        continue;
                    }
                    // local extent: darkest and lightest within R px
                    int min = 255;
                    int max = 0;
                    for (int dy = -R; dy <= R; dy += 3) {
                        for (int dx = -R; dx <= R; dx += 3) {
                            int u = px[(y + dy) * w + x + dx] & 0xFF;
                            min = Math.min(min, u);
                            max = Math.max(max, u);
                        }
                    }
                    if (max < 200 || max - min < 40) {
                        continue;
                    }
                    int step = 0;
                    int[][] dirs = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};
                    for (int[] d : dirs) {
                        int a = px[(y - d[1]) * w + x - d[0]] & 0xFF;
                        int b = px[(y + d[1]) * w + x + d[0]] & 0xFF;
                        step = Math.max(step, Math.abs(a - b));
                    }
                    double s = (double) step / (max - min);
                    hist[(int) Math.min(100, Math.round(s * 100))]++;
                    n++;
                }
            }
            if (n < 300) {
                return 1.0;
            }
            int half = n / 2;
            int acc = 0;
            for (int i = 0; i <= 100; i++) {
                acc += hist[i];
                if (acc >= half) {
                    return i / 100.0;
                }
            }
            return 1.0;
        }
    }

    /**
     * Share of the page burnt out to pure white in sizeable blobs: a specular reflection off glossy paper or a
     * laminated card, where text underneath cannot be seen.
     */
    static double glareShare(Mat page) {
        double scale = Math.min(1.0, 500.0 / Math.max(page.cols(), page.rows()));
        try (Mat small = new Mat(); Mat bin = new Mat(); Mat kernel = getStructuringElement(MORPH_RECT, new Size(5, 5))) {
            resize(page, small, new Size((int) (page.cols() * scale), (int) (page.rows() * scale)), 0, 0, INTER_AREA);
            threshold(small, bin, 250, 255, THRESH_BINARY);
            morphologyEx(bin, bin, MORPH_OPEN, kernel);
            return (double) org.bytedeco.opencv.global.opencv_core.countNonZero(bin) / ((double) bin.cols() * bin.rows());
        }
    }

    /**
     * The part of a straightened, evened page that has ink on it, with a margin: what OCR needs to look at. A page
     * with hardly any ink comes back whole.
     */
    public static BufferedImage cropToContent(BufferedImage page) {
        int w = page.getWidth();
        int h = page.getHeight();
        int step = Math.max(1, Math.max(w, h) / 500);
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        java.awt.image.Raster r = page.getRaster();
        boolean grey = page.getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int y = step; y < h - step; y += step) {
            for (int x = step; x < w - step; x += step) {
                int v = grey ? r.getSample(x, y, 0) : (page.getRGB(x, y) >> 8) & 0xFF;
                // a dark pixel with a dark neighbour: ink, not a speck of noise
                if (v < 150 && (grey ? r.getSample(x + step, y, 0) : (page.getRGB(x + step, y) >> 8) & 0xFF) < 170) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0 || (maxX - minX) * (maxY - minY) < 0.002 * w * h) {
            return page;
        }
        // faint print near the ink belongs to the paper too: an ID card copy's grey labels (姓名, 公民身份号码) and
        // the card's outline stand well left of its dark values. Looked for only near the ink, not at shadowed edges.
        int reach = Math.max(w, h) / 8;
        int fx0 = Math.max(step, minX - reach);
        int fy0 = Math.max(step, minY - reach);
        int fx1 = Math.min(w - 2 * step, maxX + reach);
        int fy1 = Math.min(h - step, maxY + reach);
        for (int y = fy0; y < fy1; y += step) {
            for (int x = fx0; x < fx1; x += step) {
                if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
                    continue;
                }
                int v = grey ? r.getSample(x, y, 0) : (page.getRGB(x, y) >> 8) & 0xFF;
                if (v < 195 && (grey ? r.getSample(x + step, y, 0) : (page.getRGB(x + step, y) >> 8) & 0xFF) < 205) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int margin = Math.max(16, Math.min(w, h) / 30);
        int x0 = Math.max(0, minX - margin);
        int y0 = Math.max(0, minY - margin);
        int x1 = Math.min(w, maxX + step + margin);
        int y1 = Math.min(h, maxY + step + margin);
        return page.getSubimage(x0, y0, x1 - x0, y1 - y0);
    }

    public static Mat toGreyMat(BufferedImage image) {
        BufferedImage grey = image;
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            var g = grey.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        byte[] data = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        Mat m = new Mat(grey.getHeight(), grey.getWidth(), CV_8U);
        if (grey.getRaster().getSampleModel() instanceof java.awt.image.ComponentSampleModel csm
                && csm.getScanlineStride() == grey.getWidth()) {
            m.data().put(data);
        } else {
            for (int y = 0; y < grey.getHeight(); y++) {
                for (int x = 0; x < grey.getWidth(); x++) {
                    m.ptr(y, x).put((byte) grey.getRaster().getSample(x, y, 0));
                }
            }
        }
        return m;
    }

    public static BufferedImage toBufferedImage(Mat grey) {
        Mat src = grey.isContinuous() ? grey : grey.clone();
        BufferedImage out = new BufferedImage(src.cols(), src.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        ByteBuffer bb = src.createBuffer();
        bb.get(data, 0, Math.min(data.length, bb.remaining()));
        if (src != grey) {
            src.close();
        }
        return out;
    }
}
