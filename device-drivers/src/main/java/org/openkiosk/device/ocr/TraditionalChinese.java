package org.openkiosk.device.ocr;

/**
 * Tells a page printed in traditional characters from one in simplified characters, by the traditional-only forms
 * of very common characters (們 這 個 來 為 說 國 ...). A few are enough: a simplified page has none of them, and an
 * engine reading a traditional page keeps at least the frequent ones even when it simplifies the rarer.
 */
final class TraditionalChinese {
    /** Traditional forms whose simplified counterparts are among the most frequent characters of official prose. */
    private static final String FORMS = "們這個來為說國學會對發後經過還麼關與應點長門問實現體當從頭進動種樣將開"
            + "業務區時間員製歲號無數據務總統傳參辦計劃設務環圍標準則質網絡聯機構並讓眾滿終鍵項題隨術斷維強據邊釋"
            + "訴舉監繞擴壟夠尋異績責錨層級規範優處證書類範圍廣東農齊電話線陽產費價車";

    private TraditionalChinese() {
    }

    static boolean looksTraditional(String text) {
        int found = 0;
        for (int i = 0; i < text.length(); i++) {
            if (FORMS.indexOf(text.charAt(i)) >= 0) {
                found++;
                if (found >= 3) {
                    return true;
                }
            }
        }
        return false;
    }
}
