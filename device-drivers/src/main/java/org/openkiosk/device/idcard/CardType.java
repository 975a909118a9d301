package org.openkiosk.device.idcard;

/** The kinds of card a GA/T 467 SAM reader reads; each has its own 256-byte text layout. */
public enum CardType {
    /** 居民身份证: the resident identity card. */
    RESIDENT("resident"),
    /** 港澳台居民居住证: card kind flag {@code J}. */
    HK_MACAO_TAIWAN_PERMIT("hk-macao-taiwan-permit"),
    /** 外国人永久居留身份证: flag {@code I} (2017 edition) or {@code Y} (2023 edition). */
    FOREIGN_PERMANENT_RESIDENT("foreign-permanent-resident");

    private final String wireName;

    CardType(String wireName) {
        this.wireName = wireName;
    }

    /** The stable name used in JSON, logs and the sync protocol. */
    public String wireName() {
        return wireName;
    }
}
