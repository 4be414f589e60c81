package io.coldchain.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides what of a secret may be shown: in log lines, configuration print-outs, dead-letter
 * headers and one-line errors. Every module masks through it, so a new kind of secret is taught once.
 *
 * <p>Masked: the user info of URLs ({@code https://user:pw@host} → {@code https://****@host}); values of keys that
 * name a password, secret, token, credential, JAAS configuration, basic-auth user info or private key, in a map or
 * written {@code key=value} / {@code "key": "value"} in free text (so {@code password="…"} inside a JAAS string);
 * PEM private keys; bearer tokens. Key names, user names and hosts stay readable: they are what an operator needs
 * to see which setting is wrong.
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "****";

    /** Words that make a key secret, wherever they appear in it (lower case). */
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "passphrase", "secret", "token",
            "credential", "jaas", "user.info", "private.key", "keystore.key", "apikey", "api.key", "api_key", "api-key");
    /** Keys that say where a secret is or how to get one, not the secret itself (values are still text-masked). */
    private static final List<String> REFERENCE_SUFFIXES = List.of(".url", ".location", ".file", ".class");

    /** {@code //user:pw@}: the user info ends at the last '@' before the authority ends. */
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^\\s/?#\"'<>\\\\]*@");
    private static final String KEY_WORDS = "(?:password|passwd|passphrase|secret|token|credential|jaas|user\\.info"
            + "|private\\.key|keystore\\.key|api[._-]?key)";
    /** {@code key=value}, {@code key = "value"}, {@code ?access_token=value&}. */
    private static final Pattern KEY_EQUALS_VALUE = Pattern.compile("(?i)(?<![\\w.\\-])([\\w.\\-]*" + KEY_WORDS
            + "[\\w.\\-]*)(\\s*=\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s,;&\"'}\\])]+)");
    /** {@code "password": "value"} in JSON. */
    private static final Pattern JSON_MEMBER = Pattern.compile("(?i)(\"[\\w.\\-]*" + KEY_WORDS
            + "[\\w.\\-]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    /** A PEM private key, also one cut short. */
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
            "(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|\\z)");
    /** {@code Bearer <token>}, and {@code Authorization: Basic <credentials>}. */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization\\s*[:=]\\s*)?\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/\\-]{8,}=*");

    private Secrets() {
    }

    /** Whether the value of the configuration key {@code key} is a secret (case-insensitive). */
    public static boolean isSecretKey(final String key) {
        if (key == null) {
            return false;
        }
        final String k = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(k::contains) && REFERENCE_SUFFIXES.stream().noneMatch(k::endsWith);
    }

    /** {@code text} with every secret in it masked; null stays null. Masking twice changes nothing more. */
    public static String mask(final String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = URL_USER_INFO.matcher(text).replaceAll("//" + MASK + "@");
        masked = KEY_EQUALS_VALUE.matcher(masked).replaceAll(Secrets::maskKeyValue);
        masked = JSON_MEMBER.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + '"' + MASK + '"'));
        masked = PEM_PRIVATE_KEY.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK
                + m.group(2)));
        return AUTHORIZATION.matcher(masked).replaceAll(Secrets::maskAuthorization);
    }

    /**
     * A configuration as it may be printed: sorted by key, the values of secret keys ({@link #isSecretKey})
     * replaced by {@value #MASK}, every other value masked as text (a registry URL's user info).
     */
    public static Map<String, String> maskConfig(final Map<?, ?> config) {
        final Map<String, String> shown = new TreeMap<>();
        config.forEach((k, v) -> {
            final String key = String.valueOf(k);
            shown.put(key, v == null ? null : isSecretKey(key) ? MASK : mask(String.valueOf(v)));
        });
        return shown;
    }

    /** The stack trace of {@code error}, messages of its causes included, as printed, with every secret masked. */
    public static String stackTrace(final Throwable error) {
        final StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            error.printStackTrace(out);
        }
        return mask(text.toString());
    }

    private static String maskKeyValue(final MatchResult m) {
        if (!isSecretKey(m.group(1))) {
            return Matcher.quoteReplacement(m.group());
        }
        final String value = m.group(3);
        final char first = value.charAt(0);
        final String masked = first == '"' || first == '\'' ? first + MASK + first : MASK;
        return Matcher.quoteReplacement(m.group(1) + m.group(2) + masked);
    }

    private static String maskAuthorization(final MatchResult m) {
        // "Basic" alone is an English word; only a header's Basic credentials are masked.
        if (m.group(1) == null && "basic".equalsIgnoreCase(m.group(2))) {
            return Matcher.quoteReplacement(m.group());
        }
        return Matcher.quoteReplacement((m.group(1) == null ? "" : m.group(1)) + m.group(2) + m.group(3) + MASK);
    }
}
