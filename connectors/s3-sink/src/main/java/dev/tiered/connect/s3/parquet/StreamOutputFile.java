package dev.tiered.connect.s3.parquet;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over any {@link OutputStream}, so a file can be streamed (e.g. as S3 multipart parts)
 * while it is written rather than staged whole. Parquet writes strictly sequentially, so counting bytes is all the
 * position tracking it needs. The stream is closed when the Parquet writer closes.
 */
public final class StreamOutputFile implements OutputFile {

    private final CountingStream stream;
    private boolean created;

    public StreamOutputFile(OutputStream out) {
        this.stream = new CountingStream(out);
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        if (created) {
            throw new IllegalStateException("A stream-backed Parquet file can be created only once");
        }
        created = true;
        return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    public long bytesWritten() {
        return stream.position;
    }

    private static final class CountingStream extends PositionOutputStream {
        private final OutputStream out;
        private long position;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
