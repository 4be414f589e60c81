package io.coldchain.ops.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web console's static files, from the classpath folder {@code console/} (the jar carries them, with the
 * libraries the build unpacks into {@code console/vendor/}): {@code /} is the page, {@code /console/**} its
 * scripts, styles and the world outline. Every other path is left to the next handler ({@link #handle} returns
 * false), so this handler goes first in a {@link Handler.Sequence}.
 *
 * <p>No file here holds data, so none needs the token: the page asks for it when the API answers 401. Files are
 * read once and kept in memory (a few hundred kilobytes); a path that is not a plain relative file name is 404
 * before it reaches the class loader. Responses carry a content security policy that allows scripts, styles and
 * connections to this origin only, and images from anywhere (map tiles, when the operator turns them on).
 */
public final class ConsoleHandler extends Handler.Abstract {

    /** Where the console lives on the classpath and under the URL space. */
    static final String ROOT = "console/";
    private static final String PREFIX = "/console/";
    /** Lower-case names and folders, no dot segments, no empty segments: nothing that could leave {@link #ROOT}. */
    private static final Pattern FILE = Pattern.compile("(?:[a-z0-9_-]+/)*[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8");
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https: http:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private final ClassLoader loader;
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    /** A console that reads its files through this class's loader. */
    public ConsoleHandler() {
        this(ConsoleHandler.class.getClassLoader());
    }

    ConsoleHandler(final ClassLoader loader) {
        this.loader = loader;
    }

    /** Whether a request for this path (in context) is the console's. */
    public static boolean serves(final String path) {
        return "/".equals(path) || "/console".equals(path) || path.startsWith(PREFIX);
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) {
        final String path = Request.getPathInContext(request);
        if (!serves(path)) {
            return false;
        }
        final boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "the console is read with GET");
            return true;
        }
        if ("/console".equals(path)) {
            response.getHeaders().put(HttpHeader.LOCATION, PREFIX);
            text(response, callback, HttpStatus.MOVED_PERMANENTLY_301, PREFIX);
            return true;
        }
        final String file = "/".equals(path) || PREFIX.equals(path) ? "index.html" : path.substring(PREFIX.length());
        final Optional<Asset> asset = FILE.matcher(file).matches() ? asset(file) : Optional.empty();
        if (asset.isEmpty()) {
            text(response, callback, HttpStatus.NOT_FOUND_404, "no console file " + path);
            return true;
        }
        final Asset found = asset.get();
        response.getHeaders().put(HttpHeader.ETAG, found.etag());
        // The page and its own scripts are checked on every load (a new jar shows at once); the libraries are not.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, file.startsWith("vendor/") ? "max-age=86400" : "no-cache");
        if (found.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            securityHeaders(response);
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        send(response, callback, HttpStatus.OK_200, found.type(), found.bytes(), head);
        return true;
    }

    /** Only files that exist are kept, so the visitors' misses cannot grow the map. */
    private Optional<Asset> asset(final String file) {
        final Asset known = assets.get(file);
        if (known != null) {
            return Optional.of(known);
        }
        final Optional<Asset> loaded = load(file);
        loaded.ifPresent(asset -> assets.putIfAbsent(file, asset));
        return loaded;
    }

    private Optional<Asset> load(final String file) {
        final String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return Optional.empty();
            }
            final byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(type, bytes, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + file, e);
        }
    }

    private static String etag(final byte[] bytes) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void text(final Response response, final Callback callback, final int status, final String message) {
        send(response, callback, status, TYPES.get("txt"), message.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void send(final Response response, final Callback callback, final int status, final String type,
                             final byte[] body, final boolean head) {
        response.setStatus(status);
        securityHeaders(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }

    private static void securityHeaders(final Response response) {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("Referrer-Policy", "no-referrer");
    }

    private record Asset(String type, byte[] bytes, String etag) {
    }
}
