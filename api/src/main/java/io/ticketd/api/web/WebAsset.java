package io.ticketd.api.web;

/**
 * A static file the server serves: its bytes, media type and entity tag. Immutable (the
 * array is never written after loading).
 *
 * @param bytes       the file's content
 * @param contentType its media type, with a charset for text
 * @param etag        a strong entity tag, quoted, derived from the content
 */
record WebAsset(byte[] bytes, String contentType, String etag) {
}
