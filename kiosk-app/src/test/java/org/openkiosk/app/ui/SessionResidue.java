package org.openkiosk.app.ui;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ObservableValue;

/**
 * Every text a set of screen models holds: the string form of each property, list element and map entry reachable
 * from their fields (a model's own objects, not the shell or the flow they were given). A test looks in it for a
 * resident's name or application number after the session ended.
 */
final class SessionResidue {
    private SessionResidue() {
    }

    static List<String> texts(ScreenModels models) {
        List<String> out = new ArrayList<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        for (Field f : ScreenModels.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                walk(read(f, models), out, seen, 0);
            }
        }
        return out;
    }

    private static void walk(Object o, List<String> out, Map<Object, Boolean> seen, int depth) {
        if (o == null || depth > 6 || seen.put(o, true) != null || o instanceof ShellViewModel
                || o instanceof org.openkiosk.app.flow.ApplicationTrip || o instanceof org.openkiosk.app.flow.ProgressLookup
                || o instanceof org.openkiosk.app.flow.ResidentSession || o instanceof SessionPort || o instanceof Class<?>
                || o instanceof java.util.concurrent.Executor) {
            return;
        }
        if (o instanceof CharSequence || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) {
            out.add(o.toString());
            return;
        }
        if (o instanceof ObservableValue<?> v) {
            walk(v.getValue(), out, seen, depth + 1);
            return;
        }
        if (o instanceof Collection<?> c) {
            new ArrayList<>(c).forEach(e -> walk(e, out, seen, depth + 1));
            return;
        }
        if (o instanceof Map<?, ?> m) {
            new ArrayList<>(m.entrySet()).forEach(e -> {
                walk(e.getKey(), out, seen, depth + 1);
                walk(e.getValue(), out, seen, depth + 1);
            });
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (o instanceof Record || pkg.startsWith("org.openkiosk.app.ui")) {
            for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        walk(read(f, o), out, seen, depth + 1);
                    }
                }
            }
        }
    }

    private static Object read(Field f, Object owner) {
        try {
            f.setAccessible(true);
            return f.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
