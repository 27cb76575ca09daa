package dev.colink.events;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeTest {

	@Test
	void everyEventTypeOfTheContractIsKnownByItsWireName() {
		List<String> contract = List.of("user.logged_in", "message.created", "message.updated", "message.deleted",
				"channel.created", "file.uploaded", "file.scanned", "presence.updated", "typing.started",
				"typing.stopped", "reaction.added", "reaction.removed", "thread.created", "reply.created",
				"message.moderated",
				// Membership changes: beyond the API's list, needed to refresh cached memberships (fan-out, search).
				"channel.member_joined", "channel.member_left");
		assertThat(Arrays.stream(EventType.values()).map(EventType::wireName)).containsExactlyInAnyOrderElementsOf(contract);
		contract.forEach((name) -> assertThat(EventType.fromWireName(name)).isPresent());
		assertThat(EventType.fromWireName("message.exploded")).isEmpty();
	}

}
