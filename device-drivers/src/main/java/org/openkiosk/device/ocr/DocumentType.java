package org.openkiosk.device.ocr;

/** The kinds of paper the kiosk recognises. {@link #wireName()} is how the JSON output and logs spell them. */
public enum DocumentType {
    /** A copy of a resident identity card: the front (portrait side), the back (national emblem side) or both. */
    ID_CARD("id_card"),
    /** A page of the household register (常住人口登记卡). */
    HOUSEHOLD_REGISTER("household_register"),
    /** A business licence (营业执照) with its unified social credit code. */
    BUSINESS_LICENCE("business_licence"),
    /** Any other page with text: read, not parsed into fields. */
    GENERIC("generic");

    private final String wireName;

    DocumentType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
