package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sink writes Parquet with no Hadoop class on the class path, as on a Connect worker. The writer runs in a class
 * loader that refuses every org.apache.hadoop class; the files are read back (by parquet-java's reader) outside it.
 */
class HadoopFreeWriteTest {

    private static HidingLoader loader;
    private static Class<?> probe;

    @BeforeAll
    static void loadProbeWithoutHadoop() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        loader = new HidingLoader(urls.toArray(URL[]::new));
        probe = loader.loadClass(HadoopFreeWriteProbe.class.getName());
        assertThat(probe.getClassLoader()).isSameAs(loader);
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    @Test
    void probeSeesNoHadoop() throws Exception {
        assertThat((Boolean) probe.getMethod("hadoopVisible").invoke(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SNAPPY", "ZSTD", "GZIP"})
    void parquetJavasOwnCodecFactoryNeedsHadoop(String codec) throws Exception {
        Method write = probe.getMethod("writeWithStockCodecFactory", String.class);
        assertThat((String) write.invoke(null, codec)).contains("org/apache/hadoop");
    }

    @Test
    void everyCodecWritesAReadableFileWithoutHadoop() throws Exception {
        byte[][] files = (byte[][]) probe.getMethod("writeEveryCodec").invoke(null);
        ParquetCodec[] codecs = ParquetCodec.values();
        assertThat(files.length).isEqualTo(codecs.length);
        for (int c = 0; c < codecs.length; c++) {
            ParquetMetadata footer = ParquetTestFiles.footer(files[c]);
            for (BlockMetaData block : footer.getBlocks()) {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    assertThat(column.getCodec()).as(codecs[c].name()).isEqualTo(codecs[c].parquetName());
                }
            }
            List<Group> rows = ParquetTestFiles.readAll(files[c]);
            assertThat(rows).hasSize(100);
            assertThat(rows.get(99).getLong("id", 0)).isEqualTo(99L);
            assertThat(rows.get(99).getString("name", 0)).isEqualTo("name-1");
        }
    }

    /** Child-first over the test class path, with org.apache.hadoop made invisible. */
    private static final class HidingLoader extends URLClassLoader {
        HidingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.apache.hadoop.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
