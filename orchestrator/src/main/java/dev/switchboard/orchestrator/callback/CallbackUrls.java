package dev.switchboard.orchestrator.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What a callback URL may be: http or https with a host and no credentials, and (unless private
 * targets are allowed) a host whose every resolved address is public. Loopback, private (RFC
 * 1918), shared (100.64/10), link-local (169.254/16, fe80::/10, cloud metadata), unique-local
 * (fc00::/7), multicast, unspecified and reserved addresses are refused, also inside IPv4-mapped,
 * IPv4-compatible and NAT64 IPv6 addresses.
 */
public final class CallbackUrls {
    private CallbackUrls() {
    }

    /** A sentence saying why the URL is unusable, or {@code null} if its form is fine. */
    public static String syntaxProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "callbackUrl is not a valid URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "callbackUrl must be http or https";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "callbackUrl needs a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "callbackUrl must not carry credentials";
        }
        if (url.length() > 2048) {
            return "callbackUrl is longer than 2048 characters";
        }
        return null;
    }

    /** Resolves the URL's host and refuses it unless every address is allowed. */
    public static void checkTarget(URI uri, boolean allowPrivate) throws CallbackRefusedException {
        String problem = syntaxProblem(uri.toString());
        if (problem != null) {
            throw new CallbackRefusedException(problem);
        }
        if (allowPrivate) {
            return;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new CallbackRefusedException("callback host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isForbidden(address)) {
                throw new CallbackRefusedException("callback host " + host + " resolves to non-public address "
                        + address.getHostAddress() + " (set SWITCHBOARD_CALLBACK_ALLOW_PRIVATE=true to allow)");
            }
        }
    }

    /**
     * The redirect and port policy applied to the URL and to every redirect hop before anything is
     * resolved: the form of {@link #syntaxProblem}, and (unless private targets are allowed) port 80,
     * 443 or 1024-65535 only.
     */
    public static void checkForm(URI uri, boolean allowPrivate) throws CallbackRefusedException {
        String problem = syntaxProblem(uri.toString());
        if (problem != null) {
            throw new CallbackRefusedException(problem);
        }
        int port = uri.getPort();
        if (!allowPrivate && port != -1 && port != 80 && port != 443 && (port < 1024 || port > 65535)) {
            throw new CallbackRefusedException("callback port " + port + " is not allowed (80, 443 or 1024-65535;"
                    + " set SWITCHBOARD_CALLBACK_ALLOW_PRIVATE=true to allow)");
        }
    }

    /** Refuses the host unless every one of its (already resolved) addresses is public. */
    public static void checkAddresses(String host, InetAddress[] addresses) throws CallbackRefusedException {
        if (addresses.length == 0) {
            throw new CallbackRefusedException("callback host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isForbidden(address)) {
                throw new CallbackRefusedException("callback host " + host + " resolves to non-public address "
                        + address.getHostAddress() + " (set SWITCHBOARD_CALLBACK_ALLOW_PRIVATE=true to allow)");
            }
        }
    }

    static boolean isForbidden(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return forbiddenV4(b);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return true; // deprecated site-local fec0::/10
            }
            if (embedsV4(b)) {
                return forbiddenV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return false;
    }

    private static boolean embedsV4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        return mapped || compatible || nat64;
    }

    private static boolean forbiddenV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return a0 == 0 || a0 == 10 || a0 == 127
                || (a0 == 100 && a1 >= 64 && a1 <= 127)
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0)
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || a0 >= 224;
    }
}
