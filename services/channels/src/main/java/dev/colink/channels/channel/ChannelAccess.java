package dev.colink.channels.channel;

/**
 * A channel with the caller's role in it, or a null role when the caller is not a member.
 */
record ChannelAccess(Channel channel, Role callerRole) {

	boolean isMember() {
		return this.callerRole != null;
	}

	/** Members see a channel; anyone sees a public one. */
	boolean isVisible() {
		return isMember() || !this.channel.isPrivate();
	}

}
