package dev.colink.platform;

import org.junit.jupiter.api.Test;

import dev.colink.platform.StrictInputAutoConfiguration.DecimalIntegers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StrictInputAutoConfigurationTest {

	private final DecimalIntegers integers = new DecimalIntegers();

	@Test
	void onlyPlainDecimalTextIsAnInteger() {
		assertThat(this.integers.convert("50")).isEqualTo(50);
		assertThat(this.integers.convert("-1")).isEqualTo(-1);
		for (String text : new String[] { "", " 1", "0x10", "#10", "1e3", "1.5", "١٢", "99999999999", "+1" }) {
			assertThatIllegalArgumentException().as(text).isThrownBy(() -> this.integers.convert(text));
		}
	}

}
