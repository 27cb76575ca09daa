package dev.colink.files.file;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/files/upload-url} hands out a presigned PUT; {@code POST /v1/files/{id}/confirm} confirms the
 * upload and starts its scan; {@code GET /v1/files/{id}} shows a file, with a download URL once it is scanned.
 */
@RestController
@RequestMapping("/v1/files")
class FileController {

	private final Files files;

	FileController(Files files) {
		this.files = files;
	}

	@PostMapping("/upload-url")
	UploadUrl uploadUrl(@RequestBody UploadRequest request, @AuthenticationPrincipal Jwt caller) {
		return this.files.createUpload(userId(caller), request);
	}

	@PostMapping("/{id}/confirm")
	FileView confirm(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		return this.files.confirm(userId(caller), id);
	}

	@GetMapping("/{id}")
	FileView find(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		return this.files.find(userId(caller), id);
	}

	/** The caller's user id: the token's subject, which is {@code users.id}. */
	private static UUID userId(Jwt caller) {
		return UUID.fromString(caller.getSubject());
	}

}
