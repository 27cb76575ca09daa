package dev.colink.platform.internal;

import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.colink.platform.problems.ApiProblemException;

/**
 * The body of a signed internal {@code POST}: checked against its {@link InternalSignatures signature} first
 * ({@code 401 invalid_signature} otherwise), then read as JSON ({@code 400} naming {@code body} otherwise).
 */
public class SignedBodies {

	private final InternalSignatures signatures;

	private final JsonMapper json;

	public SignedBodies(InternalSignatures signatures, JsonMapper json) {
		this.signatures = signatures;
		this.json = json;
	}

	/**
	 * @param path the request's path, as signed
	 * @param body the request's bytes, exactly as received
	 * @param signature the {@value InternalSignatures#HEADER} header, or null
	 * @param type what the body holds
	 */
	public <T> T read(String path, byte[] body, String signature, Class<T> type) {
		if (!this.signatures.verify("POST", path, body, signature)) {
			throw new ApiProblemException(HttpStatus.UNAUTHORIZED, "invalid_signature", null,
					"Only Colink's own services call " + path + ", with a signed request");
		}
		try {
			return this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw ApiProblemException.invalid("body", "is not a valid request: " + ex.getOriginalMessage());
		}
	}

}
