package org.openkiosk.device.idcard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nation (民族) codes of GB/T 3304, as stored on the resident identity card. */
public final class Nations {
    private static final Map<String, String> BY_CODE;

    static {
        String[] names = {"汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜",
            "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
            "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
            "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
            "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
            "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"};
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(String.format("%02d", i + 1), names[i]);
        }
        map.put("97", "其他");
        map.put("98", "外国血统中国籍人士");
        BY_CODE = Collections.unmodifiableMap(map);
    }

    private Nations() {
    }

    /**
     * The name for a code, {@code "01"} (or {@code "1"}) to {@code "56"}, {@code "97"} or {@code "98"}.
     *
     * @throws IllegalArgumentException for any other code
     */
    public static String name(String code) {
        String name = code == null ? null : BY_CODE.get(normalise(code));
        if (name == null) {
            throw new IllegalArgumentException("not a GB/T 3304 nation code: " + code);
        }
        return name;
    }

    /** Whether {@code code} is a known nation code. */
    public static boolean isKnown(String code) {
        return code != null && BY_CODE.containsKey(normalise(code));
    }

    /**
     * The two-digit code for a nation's name.
     *
     * @throws IllegalArgumentException for a name not in the standard
     */
    public static String code(String name) {
        for (Map.Entry<String, String> e : BY_CODE.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("not a GB/T 3304 nation name: " + name);
    }

    /** All codes and names, in code order. */
    public static Map<String, String> all() {
        return BY_CODE;
    }

    private static String normalise(String code) {
        String c = code.strip();
        return c.length() == 1 ? "0" + c : c;
    }
}
