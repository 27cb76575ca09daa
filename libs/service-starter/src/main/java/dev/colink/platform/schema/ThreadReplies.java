package dev.colink.platform.schema;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A thread's reply count, kept in the same transaction as the reply's own change: messaging raises it when a reply
 * is posted, and messaging (the author's delete) and admin (moderation) lower it when a reply is deleted.
 */
public final class ThreadReplies {

	private ThreadReplies() {
	}

	/** Lowers the count of the thread by one deleted reply (never below zero); call it in the deletion's transaction. */
	public static void uncount(JdbcClient jdbc, UUID threadId) {
		jdbc.sql("update threads set reply_count = greatest(reply_count - 1, 0) where id = :thread")
			.param("thread", threadId)
			.update();
	}

}
