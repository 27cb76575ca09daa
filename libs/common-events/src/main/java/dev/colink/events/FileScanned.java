package dev.colink.events;

import java.time.Instant;

/**
 * {@code file.scanned}: the virus scan of a file ended. Keyed by the file id; real-time delivery sends it to the
 * uploader only.
 *
 * @param fileId     the file
 * @param uploaderId who uploaded it
 * @param status     {@code scanned} (clean: attachable and downloadable), {@code infected} (deleted from the store,
 *                   never attachable) or {@code failed} (it could not be scanned; neither attachable nor downloadable)
 * @param signature  the malware found when {@code infected}, else null
 * @param scannedAt  when the verdict was recorded
 */
public record FileScanned(String fileId, String uploaderId, String status, String signature, Instant scannedAt) {
}
