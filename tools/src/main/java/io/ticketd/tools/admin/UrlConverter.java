package io.ticketd.tools.admin;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * {@code --url}: the server's base URL, an absolute {@code http://} or {@code https://}
 * URL with a host and no query; a trailing slash is dropped. A path is kept as a prefix
 * (a server behind a proxy at {@code https://pos.example.com/ticketd}).
 */
public final class UrlConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
        String text = value.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new TypeConversionException("must be an http:// or https:// URL, got '" + value + "' ("
                    + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new TypeConversionException("must be an http:// or https:// URL with a host and no query, such as"
                    + " http://127.0.0.1:8080, got '" + value + "'");
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
