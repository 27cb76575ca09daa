package dev.colink.platform;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

	@Test
	void anIdIsReadInItsCanonicalSpellingOnly() {
		UUID id = UUID.randomUUID();
		assertThat(Ids.uuid(id.toString())).contains(id);
		assertThat(Ids.uuid(id.toString().toUpperCase())).contains(id);
		assertThat(Ids.uuid("1-1-1-1-1")).isEmpty();
		assertThat(Ids.uuid("560d60a-d509-4a0a-a5b3-054c6d9b0e56")).isEmpty();
		assertThat(Ids.uuid(id.toString().replace("-", ""))).isEmpty();
		assertThat(Ids.uuid(id + "x")).isEmpty();
		assertThat(Ids.uuid(" " + id)).isEmpty();
		assertThat(Ids.uuid(null)).isEmpty();
	}

}
