package dev.colink.platform.internal;

import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.platform.problems.ApiProblemException;

/**
 * The body of a signed internal {@code POST}: checked against its {@link InternalSignatures signature} first
 * ({@code 401 invalid_signature} otherwise), then for a replay ({@code 409 replayed_request} when its nonce was seen
 * before, see {@link InternalNonces}), then read as JSON ({@code 400} naming {@code body} otherwise).
 */
public class SignedBodies {

	private final InternalSignatures signatures;

	private final InternalNonces nonces;

	private final JsonMapper json;

	public SignedBodies(InternalSignatures signatures, InternalNonces nonces, JsonMapper json) {
		this.signatures = signatures;
		this.nonces = nonces;
		this.json = json;
	}

	/**
	 * @param path the request's path, as signed
	 * @param body the request's bytes, exactly as received
	 * @param signature the {@value InternalSignatures#HEADER} header, or null
	 * @param type what the body holds
	 */
	public <T> T read(String path, byte[] body, String signature, Class<T> type) {
		InternalSignatures.Verified verified = this.signatures.verified("POST", path, body, signature)
			.orElseThrow(() -> new ApiProblemException(HttpStatus.UNAUTHORIZED, "invalid_signature", null,
					"Only Colink's own services call " + path + ", with a signed request"));
		if (!this.nonces.claim(verified)) {
			throw new ApiProblemException(HttpStatus.CONFLICT, "replayed_request", null,
					"This signed request was received before; each is accepted once");
		}
		try {
			return this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw ApiProblemException.invalid("body", "is not a valid request: " + ex.getOriginalMessage());
		}
	}

}
