package dev.tiered.connect.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on {@code 127.0.0.1} to put between an HTTP client (e.g. the S3 sink's AWS SDK client) and a plain-HTTP
 * server (e.g. {@link S3TestServer}), which injects faults on demand: bursts of S3 {@code 503 SlowDown}, slow
 * requests, connection resets and an unreachable server.
 *
 * <pre>{@code
 * try (FaultInjectingProxy proxy = FaultInjectingProxy.to(s3.endpoint()).start()) {
 *     // configure proxy.endpoint() instead of s3.endpoint() (store.url), path-style access
 *     proxy.failWith503(5);                          // the next 5 requests get 503 SlowDown
 *     proxy.slow(Duration.ofMillis(200));            // every request is held back 200 ms
 *     proxy.resetConnections();                      // RST on every open connection, now
 *     proxy.down();  ...  proxy.up();                // "S3 unreachable", then back
 *     proxy.passThrough();                           // no fault at all
 *     System.out.println(proxy.faultLog());          // what was injected, when
 * }
 * }</pre>
 *
 * <p>By default every connection is a plain byte pipe in both directions to the target, one target connection per
 * client connection, opened on the client's first request. Faults are switched from any thread and apply to requests
 * that start from then on, on new and on pooled keep-alive connections alike (a client's pool cannot bypass them, and
 * no fault costs a spurious failure on an idle pooled connection); requests in flight complete normally, except for
 * {@link #resetConnections()}, {@link #cutConnections()} and {@link #down()}, which act on open connections at once.
 * Faults combine (e.g. slow and 503), and {@link #passThrough()} clears them all.
 *
 * <p>For this, the proxy tells requests apart with minimal HTTP awareness: a request starts with the first bytes from
 * the client that look like a request line ({@code METHOD }) once the response to the previous one has begun (a
 * {@code 100 Continue} does not count); HTTP/1.1 clients do not pipeline. What happens to a request, in this order of
 * precedence:
 * <ol>
 * <li>while {@linkplain #down() down}: its connection is reset (RST); new connections are reset right after accept;</li>
 * <li>while {@link #resetNext(int)} has requests left: its connection is reset once its first bytes arrived, so that
 *     the client has sent its request when it sees the reset;</li>
 * <li>while {@link #failWith503(int)} has requests left, or within {@link #failWith503For(Duration)}: its head is read
 *     (up to the blank line) and answered {@code 503 SlowDown} with {@code Connection: close}, without reaching the
 *     target;</li>
 * <li>otherwise it is passed through, after the {@link #slow(Duration)} delay if one is set.</li>
 * </ol>
 *
 * <p>Threads are daemon threads named {@code fault-proxy-<port>-...}; {@link #close()} stops them all and is
 * idempotent. An error on one connection closes that connection only.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectingProxy.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a connection chosen for a fault waits for its request's first bytes or head. */
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** After answering 503: how long, and how much, the unread request body is drained before closing. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    private static final int MAX_LOG_ENTRIES = 10_000;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final URI target;
    private final InetSocketAddress targetAddress;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong answered503 = new AtomicLong();
    private final AtomicLong reset = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final Map<String, LongAdder> requestsByKind = new ConcurrentHashMap<>();
    private final List<String> log = new ArrayList<>();
    private long logDropped;

    // Fault state, guarded by "this"; waits for slow requests are on "this" too, notified on every change.
    private Duration slowDelay = Duration.ZERO;
    private int fail503Remaining;
    private long fail503UntilNanos;
    private boolean fail503Timed;
    private int resetRemaining;
    private boolean down;
    private long downUntilNanos;
    private boolean downTimed;

    private final Object lifecycle = new Object();
    private volatile ServerSocket serverSocket;
    private volatile ExecutorService threads;
    private final long startNanos = System.nanoTime();

    private FaultInjectingProxy(URI target) {
        this.target = Objects.requireNonNull(target, "target");
        String host = target.getHost();
        if (host == null) {
            throw new IllegalArgumentException("The proxy's target needs a host, e.g. http://127.0.0.1:9000: " + target);
        }
        int port = target.getPort() != -1 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        this.targetAddress = new InetSocketAddress(host, port);
    }

    /** A proxy to {@code target} (scheme, host and port are used; plain HTTP for the HTTP faults), not started yet. */
    public static FaultInjectingProxy to(URI target) {
        return new FaultInjectingProxy(target);
    }

    /** Listens on an ephemeral port of {@code 127.0.0.1}, passing everything through. Does nothing if started. */
    public FaultInjectingProxy start() {
        synchronized (lifecycle) {
            return startListening();
        }
    }

    private FaultInjectingProxy startListening() {
        if (closed.get()) {
            throw new IllegalStateException("The fault-injecting proxy to " + target + " is closed");
        }
        if (serverSocket != null) {
            return this;
        }
        ServerSocket socket;
        try {
            socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("Could not listen on 127.0.0.1 for the proxy to " + target + ": " + e, e);
        }
        int port = socket.getLocalPort();
        AtomicInteger threadIds = new AtomicInteger();
        threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy-" + port + "-worker-" + threadIds.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        serverSocket = socket;
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + port + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        event("started: " + endpoint() + " -> " + target);
        LOG.info("Fault-injecting proxy listening at {}, forwarding to {}", endpoint(), target);
        return this;
    }

    /** The URI to configure instead of the target, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        ServerSocket socket = serverSocket;
        if (socket == null) {
            throw new IllegalStateException("The fault-injecting proxy to " + target + " is not started");
        }
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Where the proxy forwards to. */
    public URI target() {
        return target;
    }

    // ---------------------------------------------------------------------------------------------- fault switches

    /**
     * Holds back each request's first bytes by {@code perRequestDelay} (zero: no delay), so that every response
     * takes at least that long (once per request: a body sent after {@code 100 Continue} is not held back again).
     * Open connections are kept; requests already waiting see the new delay.
     */
    public FaultInjectingProxy slow(Duration perRequestDelay) {
        if (perRequestDelay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + perRequestDelay);
        }
        synchronized (this) {
            slowDelay = perRequestDelay;
            notifyAll();
        }
        event(perRequestDelay.isZero() ? "slow: off" : "slow: each request delayed " + perRequestDelay.toMillis() + " ms");
        return this;
    }

    /**
     * Answers the next {@code count} requests, on new or pooled connections, with {@code 503 SlowDown} (replacing any
     * count left); requests already in flight complete normally.
     */
    public FaultInjectingProxy failWith503(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count: " + count);
        }
        synchronized (this) {
            fail503Remaining = count;
        }
        event("503 SlowDown for the next " + count + " request(s)");
        return this;
    }

    /** Answers every request that starts within {@code duration} from now with {@code 503 SlowDown}. */
    public FaultInjectingProxy failWith503For(Duration duration) {
        synchronized (this) {
            fail503Timed = true;
            fail503UntilNanos = System.nanoTime() + duration.toNanos();
        }
        event("503 SlowDown for every request during " + duration.toMillis() + " ms");
        return this;
    }

    /**
     * Aborts every open connection now with a TCP reset ({@code SO_LINGER} 0), on the client's and the target's side.
     *
     * @return how many connections were reset
     */
    public int resetConnections() {
        int count = 0;
        for (Connection connection : List.copyOf(connections)) {
            if (connection.abort()) {
                count++;
            }
        }
        event("reset " + count + " open connection(s)");
        return count;
    }

    /**
     * Resets (RST) the connections of the next {@code count} requests, new or pooled, as their first bytes arrive, so
     * that the client has sent the request when it sees the reset (replacing any count left).
     */
    public FaultInjectingProxy resetNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count: " + count);
        }
        synchronized (this) {
            resetRemaining = count;
        }
        event("reset the connection of the next " + count + " request(s)");
        return this;
    }

    /**
     * Simulates an unreachable server until {@link #up()}: every open connection is reset now and every new one
     * right after it is accepted.
     */
    public FaultInjectingProxy down() {
        synchronized (this) {
            down = true;
            downTimed = false;
            notifyAll();
        }
        event("down");
        resetAllQuietly();
        return this;
    }

    /** Like {@link #down()}, for {@code duration} from now, after which connections pass again (no call needed). */
    public FaultInjectingProxy downFor(Duration duration) {
        synchronized (this) {
            down = false;
            downTimed = true;
            downUntilNanos = System.nanoTime() + duration.toNanos();
            notifyAll();
        }
        event("down for " + duration.toMillis() + " ms");
        resetAllQuietly();
        return this;
    }

    /** Ends {@link #down()} or {@link #downFor(Duration)}; other faults stay. */
    public FaultInjectingProxy up() {
        synchronized (this) {
            down = false;
            downTimed = false;
        }
        event("up");
        return this;
    }

    /**
     * Closes every open connection now, normally (FIN), as a server dropping idle keep-alive connections does; a
     * request in flight on one fails with an I/O error.
     *
     * @return how many connections were closed
     */
    public int cutConnections() {
        int count = 0;
        for (Connection connection : List.copyOf(connections)) {
            if (connection.close()) {
                count++;
            }
        }
        cut.addAndGet(count);
        event("cut " + count + " open connection(s)");
        return count;
    }

    /** Clears every fault: plain pass-through from now on (open connections are kept). */
    public FaultInjectingProxy passThrough() {
        synchronized (this) {
            slowDelay = Duration.ZERO;
            fail503Remaining = 0;
            fail503Timed = false;
            resetRemaining = 0;
            down = false;
            downTimed = false;
            notifyAll();
        }
        event("pass-through");
        return this;
    }

    // ---------------------------------------------------------------------------------------------------- counters

    /** Connections accepted from clients since start, whatever happened to them. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** Requests answered with {@code 503 SlowDown}. */
    public long answeredWith503() {
        return answered503.get();
    }

    /** Connections aborted with a TCP reset: {@link #resetConnections()}, {@link #resetNext(int)}, while down. */
    public long connectionsReset() {
        return reset.get();
    }

    /** Connections closed by {@link #cutConnections()}. */
    public long connectionsCut() {
        return cut.get();
    }

    /** Requests held back by {@link #slow(Duration)}. */
    public long requestsDelayed() {
        return delayed.get();
    }

    /**
     * Requests passed through to the target since start (not those answered 503 or reset), by kind: the HTTP method,
     * except that a {@code GET} of a bucket itself (path-style {@code /bucket?...}: ListObjects,
     * ListMultipartUploads, ...) counts as {@code LIST}. A snapshot, sorted by kind.
     */
    public Map<String, Long> requestsByKind() {
        Map<String, Long> out = new TreeMap<>();
        requestsByKind.forEach((kind, count) -> out.put(kind, count.sum()));
        return out;
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /** Whether new connections are reset now ({@link #down()}, or within {@link #downFor(Duration)}). */
    public synchronized boolean isDown() {
        return down || (downTimed && System.nanoTime() - downUntilNanos < 0);
    }

    /**
     * What was switched and injected, in order, one line each with the seconds since start, e.g.
     * {@code "+3.204s 503 SlowDown for the next 2 request(s)"}, {@code "+3.251s answered 503 to PUT /bucket/key"}.
     */
    public List<String> faultLog() {
        synchronized (log) {
            List<String> copy = new ArrayList<>(log);
            if (logDropped > 0) {
                copy.add("(" + logDropped + " later entries dropped)");
            }
            return copy;
        }
    }

    /** The counters on one line, for a report. */
    public String summary() {
        return "connections accepted " + accepted.get() + ", answered 503 " + answered503.get() + ", reset "
                + reset.get() + ", cut " + cut.get() + ", delayed " + delayed.get() + (isDown() ? ", down" : "");
    }

    @Override
    public String toString() {
        ServerSocket socket = serverSocket;
        return "FaultInjectingProxy[" + (socket == null ? "not started" : endpoint()) + " -> " + target
                + (closed.get() ? ", closed" : "") + ", " + summary() + "]";
    }

    /** Stops listening, closes every connection and stops every thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            notifyAll();
        }
        ServerSocket socket;
        ExecutorService pool;
        synchronized (lifecycle) { // a start() under way has finished: it sees "closed" or has set both
            socket = serverSocket;
            pool = threads;
        }
        if (socket != null) {
            closeQuietly(socket);
        }
        for (Connection connection : List.copyOf(connections)) {
            connection.close();
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("Fault-injecting proxy {}: threads still running 5 s after close", this);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            event("closed; " + summary());
        }
    }

    // -------------------------------------------------------------------------------------------------- internals

    /** What happens to a request, decided as its first bytes arrive. */
    private enum Fate { RESET, MAYBE_503, PASS }

    private void acceptLoop() {
        ServerSocket socket = serverSocket;
        while (!closed.get()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("Fault-injecting proxy {}: accept failed, no longer accepting: {}", endpoint(), e.toString());
                }
                return;
            }
            accepted.incrementAndGet();
            Connection connection = new Connection(connectionIds.incrementAndGet(), client);
            connections.add(connection);
            if (closed.get()) {
                connection.close();
                return;
            }
            if (isDown()) {
                if (connection.abort()) {
                    event("reset connection #" + connection.id + " (down)");
                }
                continue;
            }
            try {
                threads.execute(() -> handle(connection));
            } catch (RejectedExecutionException e) {
                connection.close();
            }
        }
    }

    private synchronized Fate fateOfRequest() {
        if (isDown()) {
            return Fate.RESET;
        }
        if (resetRemaining > 0) {
            resetRemaining--;
            return Fate.RESET;
        }
        if (fail503Remaining > 0 || fail503Active()) {
            return Fate.MAYBE_503;
        }
        return Fate.PASS;
    }

    private boolean fail503Active() {
        return fail503Timed && System.nanoTime() - fail503UntilNanos < 0;
    }

    /** Takes one request from the 503 budget, if any is left. */
    private synchronized boolean claim503() {
        if (fail503Active()) {
            return true;
        }
        if (fail503Remaining > 0) {
            fail503Remaining--;
            return true;
        }
        return false;
    }

    /**
     * Reads from the client and forwards to the target (connected on the first request passed through), deciding
     * each request's fate as its first bytes arrive. A request starts with the first bytes from the client that look
     * like a request line after a response (other than {@code 1xx}) began; HTTP/1.1 clients do not pipeline.
     */
    private void handle(Connection connection) {
        Socket client = connection.client;
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                byte[] chunk = buffer;
                int length = n;
                if (!connection.inRequest && looksLikeRequestStart(buffer, n)) {
                    Fate fate = fateOfRequest();
                    if (fate == Fate.RESET) {
                        if (connection.abort()) {
                            event("reset connection #" + connection.id + " at " + firstLine(buffer, n)
                                    + (isDown() ? " (down)" : " (resetNext)"));
                        }
                        return;
                    }
                    if (fate == Fate.MAYBE_503) {
                        chunk = readHead(client, buffer, n);
                        length = chunk.length;
                        if (claim503()) {
                            answer503(connection, chunk);
                            return;
                        }
                    }
                    connection.inRequest = true;
                    countRequest(firstLine(chunk, length));
                    delayRequest(connection);
                }
                Socket upstream = connection.upstream;
                if (upstream == null) {
                    upstream = connectUpstream(connection);
                    if (upstream == null) {
                        return;
                    }
                }
                forward(upstream.getOutputStream(), chunk, length, connection);
            }
            Socket upstream = connection.upstream;
            if (upstream == null) {
                connection.close();
            } else {
                upstream.shutdownOutput();
                if (connection.pipesDone.incrementAndGet() == 2) {
                    connection.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            connection.close();
        }
    }

    /** Connects to the target and starts copying its responses to the client; null if that failed. */
    private Socket connectUpstream(Connection connection) {
        Socket upstream = new Socket();
        connection.upstream = upstream;
        if (connection.isClosed()) {
            closeQuietly(upstream);
            return null;
        }
        try {
            upstream.connect(targetAddress, (int) CONNECT_TIMEOUT.toMillis());
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            if (!connection.isClosed()) {
                event("could not connect to " + target + " for connection #" + connection.id + ": " + e.getMessage());
                connection.abort();
            }
            return null;
        }
        threads.execute(() -> copyResponses(connection, upstream));
        return upstream;
    }

    /** Copies the target's bytes to the client until EOF, then half-closes towards the client. */
    private void copyResponses(Connection connection, Socket upstream) {
        Socket client = connection.client;
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (connection.inRequest && !startsWith(buffer, n, "HTTP/1.1 1")) {
                    connection.inRequest = false;
                }
                forward(out, buffer, n, connection);
            }
            if (!connection.upstreamDropped) {
                client.shutdownOutput();
                if (connection.pipesDone.incrementAndGet() == 2) {
                    connection.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!connection.upstreamDropped) {
                connection.close();
            }
        }
    }

    private static void forward(OutputStream out, byte[] bytes, int length, Connection connection) throws IOException {
        if (connection.isClosed()) {
            throw new SocketException("closed");
        }
        out.write(bytes, 0, length);
        out.flush();
    }

    /**
     * The request head: {@code first} and what follows up to the blank line (possibly a little more), or up to EOF,
     * {@value #MAX_HEAD_BYTES} bytes or {@link #HEAD_TIMEOUT}.
     */
    private static byte[] readHead(Socket client, byte[] first, int length) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first, 0, length);
        if (indexOf(head.toByteArray(), HEAD_END) >= 0) {
            return head.toByteArray();
        }
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[4096];
        client.setSoTimeout((int) HEAD_TIMEOUT.toMillis());
        try {
            while (head.size() < MAX_HEAD_BYTES) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                head.write(buffer, 0, n);
                if (indexOf(head.toByteArray(), HEAD_END) >= 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // answer or forward what came
        } finally {
            client.setSoTimeout(0);
        }
        return head.toByteArray();
    }

    private void answer503(Connection connection, byte[] head) throws IOException {
        Socket upstream = connection.upstream;
        if (upstream != null) {
            connection.upstreamDropped = true; // the response copier must now leave the client alone
            closeQuietly(upstream); // idle between requests: nothing is lost
        }
        String requestLine = firstLine(head, head.length);
        String[] parts = requestLine.split(" ");
        String method = parts.length > 0 ? parts[0] : "";
        String resource = parts.length > 1 ? parts[1].replaceFirst("\\?.*", "") : "/";
        String requestId = String.format(Locale.ROOT, "FAULTPROXY%010d", answered503.get() + 1);
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
                + "<Message>Please reduce your request rate.</Message><Resource>" + xmlEscape(resource)
                + "</Resource><RequestId>" + requestId + "</RequestId></Error>";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String response = "HTTP/1.1 503 Slow Down\r\n"
                + "Content-Type: application/xml\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "Connection: close\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "x-amz-request-id: " + requestId + "\r\n"
                + "Server: FaultInjectingProxy\r\n"
                + "\r\n";
        Socket client = connection.client;
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        if (!"HEAD".equals(method)) {
            out.write(bodyBytes);
        }
        out.flush();
        answered503.incrementAndGet();
        event("answered 503 to " + requestLine + " (connection #" + connection.id + ")");
        // Close only once the client has stopped sending: closing with unread bytes would send an RST, which can
        // reach the client before it has read the response.
        try {
            client.shutdownOutput();
            client.setSoTimeout((int) DRAIN_TIMEOUT.toMillis());
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            long drained = 0;
            byte[] buffer = new byte[BUFFER_SIZE];
            InputStream in = client.getInputStream();
            int n;
            while (drained < MAX_DRAIN_BYTES && System.nanoTime() - deadline < 0 && (n = in.read(buffer)) >= 0) {
                drained += n;
            }
        } catch (IOException e) {
            // the client went away: fine
        } finally {
            connection.close();
        }
    }

    /** Waits for the slow delay, which may change meanwhile, unless the connection or the proxy closes. */
    private void delayRequest(Connection connection) {
        long begin = System.nanoTime();
        boolean counted = false;
        synchronized (this) {
            while (!closed.get() && !connection.isClosed()) {
                long remainingNanos = slowDelay.toNanos() - (System.nanoTime() - begin);
                if (remainingNanos <= 0) {
                    return;
                }
                if (!counted) {
                    counted = true;
                    delayed.incrementAndGet();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, remainingNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void resetAllQuietly() {
        int count = 0;
        for (Connection connection : List.copyOf(connections)) {
            if (connection.abort()) {
                count++;
            }
        }
        if (count > 0) {
            event("reset " + count + " open connection(s)");
        }
    }

    private void event(String message) {
        String line = String.format(Locale.ROOT, "+%.3fs %s", (System.nanoTime() - startNanos) / 1e9, message);
        synchronized (log) {
            if (log.size() < MAX_LOG_ENTRIES) {
                log.add(line);
            } else {
                logDropped++;
            }
        }
        LOG.debug("Fault-injecting proxy to {}: {}", target, message);
    }

    private static String firstLine(byte[] bytes, int length) {
        int end = 0;
        while (end < length && end < 500 && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    private void countRequest(String requestLine) {
        String[] parts = requestLine.split(" ");
        String kind = parts[0];
        if (kind.equals("GET") && parts.length > 1) {
            String path = parts[1];
            int query = path.indexOf('?');
            String segments = (query < 0 ? path : path.substring(0, query)).replaceAll("^/+|/+$", "");
            if (!segments.isEmpty() && !segments.contains("/")) {
                kind = "LIST";
            }
        }
        requestsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Whether bytes start like a request line: an upper-case method token, then a space (or the chunk's end). */
    private static boolean looksLikeRequestStart(byte[] bytes, int length) {
        int i = 0;
        while (i < length && i < 20 && bytes[i] >= 'A' && bytes[i] <= 'Z') {
            i++;
        }
        return i > 0 && (i == length || bytes[i] == ' ');
    }

    private static boolean startsWith(byte[] bytes, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** One client connection and, when passed through, its connection to the target. */
    private final class Connection {
        final int id;
        final Socket client;
        volatile Socket upstream;
        /** Whether the client has sent a request whose response has not started yet. */
        volatile boolean inRequest;
        final AtomicInteger pipesDone = new AtomicInteger();
        /** Set when the proxy answers the client itself and closes the target connection. */
        volatile boolean upstreamDropped;
        private final AtomicBoolean done = new AtomicBoolean();

        Connection(int id, Socket client) {
            this.id = id;
            this.client = client;
        }

        boolean isClosed() {
            return done.get();
        }

        /** Closes both sides normally; false if already closed. */
        boolean close() {
            return finish(false);
        }

        /** Closes both sides with a TCP reset; false if already closed. */
        boolean abort() {
            boolean first = finish(true);
            if (first) {
                reset.incrementAndGet();
            }
            return first;
        }

        private boolean finish(boolean rst) {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            connections.remove(this);
            shut(client, rst);
            Socket up = upstream;
            if (up != null) {
                shut(up, rst);
            }
            synchronized (FaultInjectingProxy.this) {
                FaultInjectingProxy.this.notifyAll();
            }
            return true;
        }

        private void shut(Socket socket, boolean rst) {
            if (rst) {
                try {
                    socket.setSoLinger(true, 0);
                } catch (IOException e) {
                    // close anyway
                }
            }
            closeQuietly(socket);
        }
    }
}
