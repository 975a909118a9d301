package org.openkiosk.centre.db;

/** A result document staff issued for an application (a certificate, a decision letter). */
public record ResultDocument(String fileName, String contentType, String sha256, byte[] content) {
}
