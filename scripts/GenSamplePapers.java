// Makes the demo camera's bench-like sample papers (kiosk-app/src/main/resources/sim/camera/papers) and, given a
// second folder, the test papers (kiosk-app/src/test/resources/papers: the child's page with a rare character in
// the name, 张小焜, which PP-OCRv4 cannot write and reads as 张小馄):
//   java scripts/GenSamplePapers.java kiosk-app/src/main/resources/sim/camera/papers kiosk-app/src/test/resources/papers
// Needs the WenQuanYi Zen Hei font (fonts-wqy-zenhei). Deterministic: fixed seeds.
import java.awt.*;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.*;
import javax.imageio.stream.ImageOutputStream;

/** Bench-like photographs of field-bearing papers: a printed page laid on a dark table, turned, unevenly lit. */
public class GenSamplePapers {
    static final String IDCHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static char idCheck(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int s = 0;
        for (int i = 0; i < 17; i++) s += (first17.charAt(i) - '0') * w[i];
        return "10X98765432".charAt(s % 11);
    }
    static char creditCheck(String first17) {
        int[] w = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        int s = 0;
        for (int i = 0; i < 17; i++) s += IDCHARS.indexOf(first17.charAt(i)) * w[i];
        int c = 31 - s % 31;
        return IDCHARS.charAt(c == 31 ? 0 : c);
    }

    public static void main(String[] a) throws Exception {
        String dir = a[0];
        String child17 = "42038120190315003";
        String child = child17 + idCheck(child17);
        String res17 = "42038119850412123";
        String resident = res17 + idCheck(res17);
        String code17 = "91420381MA49K3T2X";
        String code = code17 + creditCheck(code17);
        System.out.println("child " + child + " resident " + resident + " code " + code);
        Font title = new Font("WenQuanYi Zen Hei", Font.BOLD, 44);
        Font body = new Font("WenQuanYi Zen Hei", Font.PLAIN, 30);
        // household register page of the sample resident's child
        BufferedImage hr = household(title, body, "张小武", child);
        write(photo(hr, 1600, 1200, -3.0, 11), dir + "/household-register-child.jpg");
        if (a.length > 1) {
            new File(a[1]).mkdirs();
            write(photo(household(title, body, "张小焜", child), 1600, 1200, -3.0, 11),
                    a[1] + "/household-register-rare-name.jpg");
        }

        // business licence (copy of the employer's)
        BufferedImage bl = page(1240, 1650, g -> {
            g.setColor(new Color(150, 30, 30));
            g.setStroke(new BasicStroke(4));
            g.drawRect(36, 36, 1168, 1578);
            g.setColor(new Color(25, 25, 25));
            g.setFont(new Font("WenQuanYi Zen Hei", Font.BOLD, 72));
            center(g, "营 业 执 照", 620, 190);
            g.setFont(body);
            int y = 330;
            String[] lines = {"统一社会信用代码  " + code,
                    "名称  丹江口市太和茶业有限公司",
                    "类型  有限责任公司（自然人投资或控股）",
                    "法定代表人  王建国",
                    "注册资本  伍拾万元整",
                    "成立日期  2018年06月08日",
                    "营业期限  2018年06月08日至长期",
                    "住所  湖北省丹江口市武当山特区太子坡路26号",
                    "经营范围  茶叶种植、加工、销售",
                    "",
                    "登记机关  丹江口市市场监督管理局",
                    "2024年05月20日"};
            for (String l : lines) { g.drawString(l, 110, y); y += 80; }
        });
        write(photo(bl, 1500, 1900, 2.5, 12), dir + "/business-licence.jpg");
        // a copy of the sample resident's ID card, front, on an A4 sheet
        BufferedImage id = page(1240, 1754, g -> {
            g.setColor(new Color(120, 120, 120));
            g.setStroke(new BasicStroke(2));
            g.drawRoundRect(140, 140, 900, 560, 30, 30);
            g.setColor(new Color(160, 160, 160));
            g.fillRect(790, 210, 200, 250);
            g.setColor(new Color(30, 30, 30));
            g.setFont(new Font("WenQuanYi Zen Hei", Font.PLAIN, 30));
            g.drawString("姓名    张三丰", 190, 240);
            g.drawString("性别    男      民族    汉", 190, 310);
            g.drawString("出生    1985年4月12日", 190, 380);
            g.drawString("住址    湖北省丹江口市武当山特区", 190, 450);
            g.drawString("        太子坡路18号", 190, 500);
            g.drawString("公民身份号码    " + resident, 190, 640);
        });
        write(photo(id, 1400, 1800, -2.0, 13), dir + "/id-card-copy.jpg");
    }

    interface Painter { void paint(Graphics2D g); }

    static BufferedImage page(int w, int h, Painter p) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(238, 235, 225));
        g.fillRect(0, 0, w, h);
        p.paint(g);
        g.dispose();
        return img;
    }

    /** The household register page of the sample resident's child, named {@code name}. */
    static BufferedImage household(Font title, Font body, String name, String child) {
        return page(1300, 900, g -> {
            g.setColor(new Color(150, 30, 30));
            g.setStroke(new BasicStroke(3));
            g.drawRect(30, 30, 1240, 840);
            g.setColor(new Color(25, 25, 25));
            g.setFont(title);
            center(g, "常住人口登记卡", 650, 110);
            g.setFont(body);
            int y = 190;
            String[] lines = {"姓名  " + name + "          户主或与户主关系  子",
                    "性别  男   民族  汉   出生日期  2019年03月15日",
                    "出生地  湖北省丹江口市",
                    "籍贯  湖北省丹江口市",
                    "住址  湖北省丹江口市武当山特区太子坡路18号",
                    "公民身份号码  " + child,
                    "文化程度  小学在读     婚姻状况  未婚",
                    "何时由何地迁来本市  2019年03月 出生登记",
                    "承办人签章  李民警            登记日期  2019年04月02日"};
            for (String l : lines) { g.drawString(l, 80, y); y += 72; }
        });
    }

    static void center(Graphics2D g, String s, int cx, int y) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    /** The page on a dark table, turned by {@code degrees}, lit a little unevenly, with sensor noise. */
    static BufferedImage photo(BufferedImage page, int w, int h, double degrees, long seed) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40, 42, 48), w, h, new Color(28, 30, 36)));
        g.fillRect(0, 0, w, h);
        double scale = Math.min(w * 0.86 / page.getWidth(), h * 0.86 / page.getHeight());
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0, h / 2.0);
        t.rotate(Math.toRadians(degrees));
        t.shear(0.015, 0.01);
        t.scale(scale, scale);
        t.translate(-page.getWidth() / 2.0, -page.getHeight() / 2.0);
        g.drawImage(page, t, null);
        g.dispose();
        float[] k = {1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f};
        out = new java.awt.image.ConvolveOp(new java.awt.image.Kernel(3, 3, k), java.awt.image.ConvolveOp.EDGE_NO_OP, null)
                .filter(out, null); // a lens a little out of focus
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = out.getRGB(x, y);
                double light = 0.93 + 0.07 * (1 - (double) x / w) * (double) y / h;
                int n = (int) (r.nextGaussian() * 3);
                int cr = clamp((int) (((rgb >> 16) & 255) * light) + n);
                int cg = clamp((int) (((rgb >> 8) & 255) * light) + n);
                int cb = clamp((int) ((rgb & 255) * light) + n);
                out.setRGB(x, y, (cr << 16) | (cg << 8) | cb);
            }
        }
        return out;
    }

    static int clamp(int v) { return Math.max(0, Math.min(255, v)); }

    static void write(BufferedImage img, String file) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.88f);
        try (ImageOutputStream os = ImageIO.createImageOutputStream(new File(file))) {
            w.setOutput(os);
            w.write(null, new IIOImage(img, null, null), p);
        }
        System.out.println(file + " " + new File(file).length());
    }
}
