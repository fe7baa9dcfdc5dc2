package dev.bayesrg.run;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bytes a graph of objects holds, found by walking it (arrays by their length, objects by their
 * fields), as HotSpot lays them out with compressed references: a 16-byte array header, 12-byte
 * object header, 4-byte references, everything 8-byte aligned. Independent of the collector and of
 * timing: an exact count of what is reachable, for checking {@link MemoryEstimate} against.
 */
final class RetainedBytes {
    private RetainedBytes() {}

    /** What {@code root} holds. */
    static long of(Object root) {
        return excluding(root);
    }

    /** What {@code root} holds apart from everything reachable from {@code shared}. */
    static long excluding(Object root, Object... shared) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object s : shared) {
            walk(s, seen);
        }
        return walk(root, seen);
    }

    /** A double[] of {@code length}. */
    static long doubleArray(long length) {
        return align(16 + 8 * length);
    }

    private static long align(long bytes) {
        return (bytes + 7) / 8 * 8;
    }

    private static long walk(Object root, Set<Object> seen) {
        long bytes = 0;
        Deque<Object> todo = new ArrayDeque<>();
        if (root != null) {
            todo.push(root);
        }
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (!seen.add(o)) {
                continue;
            }
            Class<?> type = o.getClass();
            if (type.isArray()) {
                int length = Array.getLength(o);
                Class<?> element = type.getComponentType();
                bytes += align(16 + (long) length * elementBytes(element));
                if (!element.isPrimitive()) {
                    for (int i = 0; i < length; i++) {
                        Object e = Array.get(o, i);
                        if (e != null) {
                            todo.push(e);
                        }
                    }
                }
            } else if (o instanceof Collection<?> collection) {
                // the JDK's collections cannot be opened by reflection: their slots and elements
                bytes += align(16 + 4L * collection.size());
                for (Object e : collection) {
                    if (e != null) {
                        todo.push(e);
                    }
                }
            } else if (o instanceof Map<?, ?> map) {
                bytes += align(16 + 36L * map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    todo.push(e.getKey());
                    todo.push(e.getValue());
                }
            } else if (type.getName().startsWith("dev.bayesrg.") && !(o instanceof Enum<?>)) {
                long shallow = 12;
                for (Class<?> c = type; c != null && c.getName().startsWith("dev.bayesrg."); c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers())) {
                            continue;
                        }
                        shallow += elementBytes(f.getType());
                        if (!f.getType().isPrimitive()) {
                            f.setAccessible(true);
                            try {
                                Object value = f.get(o);
                                if (value != null) {
                                    todo.push(value);
                                }
                            } catch (IllegalAccessException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                }
                bytes += align(shallow);
            } else {
                bytes += 16; // a boxed number, an enum constant: small and not the point
            }
        }
        return bytes;
    }

    private static int elementBytes(Class<?> type) {
        if (type == double.class || type == long.class) {
            return 8;
        }
        if (type == boolean.class || type == byte.class) {
            return 1;
        }
        if (type == char.class || type == short.class) {
            return 2;
        }
        return 4; // int, float, and a compressed reference
    }
}
