package dev.tiered.connect.s3.writer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Hands a stream to a writer that closes its stream when it finishes (parquet-java does), without letting that close
 * reach the S3 stream: closing an {@link dev.tiered.connect.s3.storage.S3ObjectOutputStream} commits it, and the sink
 * commits a file only later, under a key known only then.
 */
final class UnclosableOutputStream extends OutputStream {

    private final OutputStream out;

    UnclosableOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
    }
}
