package dev.tiered.connect.faults.secrets;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Every readable attribute of every MBean of the platform MBean server, as "name attribute = value" text. */
public final class MBeanDump {

    private MBeanDump() {
    }

    /** One line per attribute; attributes that cannot be read are skipped (they hold nothing to leak). */
    public static List<String> attributes() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> lines = new ArrayList<>();
        for (ObjectName name : server.queryNames(null, null)) {
            MBeanAttributeInfo[] attributes;
            try {
                attributes = server.getMBeanInfo(name).getAttributes();
            } catch (Exception e) {
                continue; // unregistered meanwhile
            }
            for (MBeanAttributeInfo attribute : attributes) {
                if (!attribute.isReadable()) {
                    continue;
                }
                try {
                    lines.add(name + " " + attribute.getName() + " = " + text(server.getAttribute(name,
                            attribute.getName())));
                } catch (Exception e) {
                    // unsupported or unavailable attribute (e.g. a metric removed meanwhile)
                }
            }
        }
        return lines;
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value != null && value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value});
        }
        return String.valueOf(value);
    }
}
