package org.openkiosk.device.printer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.printer.EscPos;

class ReceiptRendererTest {
    private static final String URL = "https://zwfw.example.gov.cn/progress?no=KZ20240601-0001";

    private static byte[] receipt() {
        return EscPos.create().init().chineseMode()
                .align(EscPos.Align.CENTER).size(2, 2).bold(true).line("办件回执").bold(false).size(1, 1)
                .align(EscPos.Align.LEFT).line("申请人：张三")
                .align(EscPos.Align.CENTER).qr(URL).feed(3).cut().bytes();
    }

    @Test
    void rendersOnEightyMillimetrePaperWidth() {
        assertThat(ReceiptRenderer.render(receipt()).getWidth()).isEqualTo(576);
    }

    @Test
    void usesAnInstalledCjkFont() {
        assertThat(ReceiptRenderer.fontFamily()).isIn("WenQuanYi Zen Hei", "AR PL SungtiL GB");
    }

    @Test
    void drawnQrCodeScansBackToItsData() throws Exception {
        BufferedImage img = ReceiptRenderer.render(receipt());
        int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), argb)));
        assertThat(new QRCodeReader().decode(bitmap).getText()).isEqualTo(URL);
    }

    @Test
    void doubleSizeTitleInkReachesFurtherThanNormalText() {
        BufferedImage big = ReceiptRenderer.render(EscPos.create().init().chineseMode().size(2, 2).line("回执").bytes());
        BufferedImage small = ReceiptRenderer.render(EscPos.create().init().chineseMode().line("回执").bytes());
        assertThat(inkRight(big)).isGreaterThan(inkRight(small) + 40);
    }

    @Test
    void centredTextStartsNearTheMiddle() {
        BufferedImage img = ReceiptRenderer.render(EscPos.create().init().align(EscPos.Align.CENTER).line("AB").bytes());
        assertThat(inkLeft(img)).isBetween(576 / 2 - 30, 576 / 2);
    }

    private static int inkRight(BufferedImage img) {
        for (int x = img.getWidth() - 1; x >= 0; x--) {
            if (hasInk(img, x)) {
                return x;
            }
        }
        return -1;
    }

    private static int inkLeft(BufferedImage img) {
        for (int x = 0; x < img.getWidth(); x++) {
            if (hasInk(img, x)) {
                return x;
            }
        }
        return -1;
    }

    private static boolean hasInk(BufferedImage img, int x) {
        for (int y = 0; y < img.getHeight(); y++) {
            if ((img.getRGB(x, y) & 0xFF) < 128) {
                return true;
            }
        }
        return false;
    }
}
