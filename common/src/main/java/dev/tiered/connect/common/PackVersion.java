package dev.tiered.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the Tiered Connect pack, which every plugin reports through {@code Versioned#version()}. */
public final class PackVersion {

    private static final String RESOURCE = "/tiered-connect-version.properties";
    private static final String VERSION = load();

    private PackVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PackVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE + " in tiered-connect-common: the jar is damaged");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version").trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
