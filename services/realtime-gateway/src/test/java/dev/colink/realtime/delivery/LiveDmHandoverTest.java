package dev.colink.realtime.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ReactiveSubscription.ChannelMessage;
import org.springframework.data.redis.connection.ReactiveSubscription.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an instance journals of the live DMs it hears, before and after it takes the lease. */
class LiveDmHandoverTest {

	private final AtomicBoolean holder = new AtomicBoolean();

	@Test
	void aNewHolderFirstJournalsWhatItHeardWhileNobodyHeldTheLeaseInOrder() {
		LiveDmHandover handover = new LiveDmHandover(this.holder::get, Duration.ofMinutes(1));

		assertThat(handover.admit(dm("a", "1"))).isEmpty();
		assertThat(handover.admit(dm("b", "2"))).isEmpty();
		assertThat(handover.admit(dm("a", "3"))).isEmpty();
		this.holder.set(true);

		assertThat(texts(handover.admit(dm("b", "4")))).containsExactly("1", "2", "3", "4");
		assertThat(texts(handover.admit(dm("a", "5")))).containsExactly("5");
	}

	@Test
	void whatWasHeardLongerAgoThanTheWindowIsLeftToKafka() {
		LiveDmHandover handover = new LiveDmHandover(this.holder::get, Duration.ofMillis(50));
		handover.admit(dm("a", "old"));
		await().pollDelay(Duration.ofMillis(100)).until(() -> true);
		handover.admit(dm("a", "recent"));
		this.holder.set(true);

		assertThat(texts(handover.admit(dm("a", "live")))).containsExactly("recent", "live");
	}

	@Test
	void aHolderThatLosesTheLeaseKeepsWhatItHearsForTheNextHolderOrItself() {
		LiveDmHandover handover = new LiveDmHandover(this.holder::get, Duration.ofMinutes(1));
		this.holder.set(true);
		assertThat(texts(handover.admit(dm("a", "1")))).containsExactly("1");

		this.holder.set(false);
		assertThat(handover.admit(dm("a", "2"))).isEmpty();
		this.holder.set(true);

		assertThat(texts(handover.admit(dm("a", "3")))).containsExactly("2", "3");
	}

	private static Message<String, String> dm(String conversation, String text) {
		return new ChannelMessage<>("realtime:dm:" + conversation, text);
	}

	private static List<String> texts(List<Message<String, String>> messages) {
		return messages.stream().map(Message::getMessage).toList();
	}

}
