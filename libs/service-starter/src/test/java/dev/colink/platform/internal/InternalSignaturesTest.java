package dev.colink.platform.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InternalSignaturesTest {

	private static final String SECRET = "a secret of the services only";

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private static final byte[] BODY = "{\"status\":\"clean\"}".getBytes(StandardCharsets.UTF_8);

	private final InternalSignatures signer = at(NOW, SECRET);

	@Test
	void aSignatureOfTheSameRequestVerifies() {
		String header = this.signer.sign("POST", "/files/1/scan-result", BODY);

		assertThat(header).matches("t=" + NOW.getEpochSecond() + ",n=[0-9a-f]{32},v2=[0-9a-f]{64}");
		assertThat(at(NOW.plusSeconds(299), SECRET).verify("POST", "/files/1/scan-result", BODY, header)).isTrue();
	}

	@Test
	void everySignatureHasANonceOfItsOwnWhichItCovers() {
		String first = this.signer.sign("POST", "/scan", BODY);
		String second = this.signer.sign("POST", "/scan", BODY);

		String firstNonce = this.signer.verified("POST", "/scan", BODY, first).orElseThrow().nonce();
		assertThat(firstNonce).isNotEqualTo(this.signer.verified("POST", "/scan", BODY, second).orElseThrow().nonce());
		assertThat(this.signer.verified("POST", "/scan", BODY, first).orElseThrow().expiresAt())
			.isEqualTo(NOW.plusSeconds(300));
		String otherNonce = first.replace("n=" + firstNonce, "n=" + "0".repeat(32));
		assertThat(this.signer.verify("POST", "/scan", BODY, otherNonce)).isFalse();
		String upperCase = first.replace("n=" + firstNonce, "n=" + firstNonce.toUpperCase());
		assertThat(this.signer.verify("POST", "/scan", BODY, upperCase)).as("one spelling per nonce").isFalse();
	}

	@Test
	void theFirstFormatStillVerifiesWithItsMacAsTheNonce() throws Exception {
		// t=<time>,v1=HMAC(time \n method \n path \n sha256(body)), as the previous release signs
		long time = NOW.getEpochSecond();
		String digest = java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(BODY));
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String v1 = java.util.HexFormat.of()
			.formatHex(mac.doFinal((time + "\nPOST\n/scan\n" + digest).getBytes(StandardCharsets.UTF_8)));

		assertThat(this.signer.verified("POST", "/scan", BODY, "t=" + time + ",v1=" + v1)).get()
			.extracting(InternalSignatures.Verified::nonce)
			.isEqualTo("v1:" + v1);
		assertThat(this.signer.verify("POST", "/other", BODY, "t=" + time + ",v1=" + v1)).isFalse();
	}

	@Test
	void anyChangeToTheRequestOrTheSecretFailsVerification() {
		String header = this.signer.sign("POST", "/files/1/scan-result", BODY);

		assertThat(this.signer.verify("PUT", "/files/1/scan-result", BODY, header)).isFalse();
		assertThat(this.signer.verify("POST", "/files/2/scan-result", BODY, header)).isFalse();
		assertThat(this.signer.verify("POST", "/files/1/scan-result",
				"{\"status\":\"infected\"}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
		assertThat(at(NOW, "another secret of 16+ chars").verify("POST", "/files/1/scan-result", BODY, header)).isFalse();
		String otherTime = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));
		assertThat(this.signer.verify("POST", "/files/1/scan-result", BODY, otherTime)).isFalse();
	}

	@Test
	void aSignatureOutsideTheSkewIsRefused() {
		String header = this.signer.sign("POST", "/scan", BODY);

		assertThat(at(NOW.plusSeconds(301), SECRET).verify("POST", "/scan", BODY, header)).isFalse();
		assertThat(at(NOW.minusSeconds(301), SECRET).verify("POST", "/scan", BODY, header)).isFalse();
	}

	@Test
	void malformedOrMissingHeadersAreRefused() {
		for (String header : new String[] { null, "", "v1=00", "t=x,v1=00", "t=1,v1=zz", "t=1;v1=00", "t=1,n=00,v2=00",
				"t=1,v2=00", "t=1,n=" + "0".repeat(32) + ",v1=00", "t=1,n=" + "g".repeat(32) + ",v2=00",
				"t=1,n=" + "0".repeat(32) + ",v2=00,x=1" }) {
			assertThat(this.signer.verify("POST", "/scan", BODY, header)).as(header).isFalse();
		}
	}

	@Test
	void aShortSecretIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> at(NOW, "short"));
	}

	private static InternalSignatures at(Instant now, String secret) {
		return new InternalSignatures(secret, Duration.ofSeconds(300), Clock.fixed(now, ZoneOffset.UTC));
	}

}
