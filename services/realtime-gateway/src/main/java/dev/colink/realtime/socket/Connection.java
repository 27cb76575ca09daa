package dev.colink.realtime.socket;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.LinkedBlockingQueue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.colink.realtime.delivery.Journal;

/**
 * One open WebSocket's outbound side: a bounded queue of frames, each sent once and in {@code seq} order. Until the
 * replay of missed frames is done, live frames wait; then any that the replay already sent are skipped. A client
 * that lets the queue fill up is a slow consumer: {@link #overflowed()} turns true and the socket is closed, so that
 * it cannot hold back anyone else.
 */
final class Connection {

	private final Sinks.Many<String> frames;

	private final Queue<String> queue;

	private final int capacity;

	private final List<String> waiting = new ArrayList<>();

	private long lastSeq;

	private boolean live;

	private volatile boolean overflowed;

	/** Whether the socket takes more bytes now (Netty's write buffer below its high-water mark). */
	private volatile java.util.function.BooleanSupplier writable = () -> true;

	/** Frames handed on while the socket took no more: beyond the queue's capacity, the client is a slow consumer. */
	private int sentWhileBlocked;

	private volatile Runnable onOverflow = () -> {
	};

	Connection(int capacity) {
		this.capacity = capacity;
		// Linked, not an array: an idle socket's empty queue costs a few bytes, not the capacity's 4 KiB of slots
		// (10,000 idle sockets are the common case, a full queue the rare one).
		this.queue = new LinkedBlockingQueue<>(capacity);
		this.frames = Sinks.many().unicast().onBackpressureBuffer(this.queue);
	}

	/** Frames waiting to be sent now. */
	int queued() {
		return this.queue.size();
	}

	Flux<String> frames() {
		return this.frames.asFlux();
	}

	/** A frame outside the sequence (hello, pong, resync_required): sent at once. */
	synchronized void send(String frame) {
		emit(frame);
	}

	/** A frame of the user's sequence arriving live. */
	synchronized void offerLive(String frame) {
		if (!this.live) {
			if (this.waiting.size() >= this.capacity) {
				overflow();
				return;
			}
			this.waiting.add(frame);
			return;
		}
		deliver(frame);
	}

	/** A frame of the user's sequence from the replay window. */
	synchronized void replay(String frame) {
		deliver(frame);
	}

	/** Ends the replay: from now on live frames after {@code seq} are sent, those waiting first. */
	synchronized void goLive(long seq) {
		this.lastSeq = Math.max(this.lastSeq, seq);
		this.live = true;
		this.waiting.forEach(this::deliver);
		this.waiting.clear();
	}

	/** What to do when the client turns out to be a slow consumer (close the connection). */
	void onOverflow(Runnable action) {
		this.onOverflow = action;
	}

	/** Watches the socket: a client that does not read cannot grow the server's write buffer without bound. */
	void watch(java.util.function.BooleanSupplier writable) {
		this.writable = writable;
	}

	boolean overflowed() {
		return this.overflowed;
	}

	void complete() {
		this.frames.tryEmitComplete();
	}

	private void deliver(String frame) {
		long seq = Journal.seqOf(frame);
		if (seq <= this.lastSeq) {
			return;
		}
		this.lastSeq = seq;
		emit(frame);
	}

	private void emit(String frame) {
		if (this.overflowed) {
			return;
		}
		if (this.writable.getAsBoolean()) {
			this.sentWhileBlocked = 0;
		}
		else if (++this.sentWhileBlocked > this.capacity) {
			overflow();
			return;
		}
		Sinks.EmitResult result = this.frames.tryEmitNext(frame);
		if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
			overflow();
		}
	}

	/**
	 * Ends the outbound side at once: an error in the queue would wait behind the frames the client does not read,
	 * so the owner is told directly ({@link #onOverflow}).
	 */
	private void overflow() {
		this.overflowed = true;
		this.onOverflow.run();
		this.frames.tryEmitError(new SlowConsumerException());
	}

	/** The client did not read its frames fast enough. */
	static final class SlowConsumerException extends RuntimeException {

		SlowConsumerException() {
			super("slow consumer", null, false, false);
		}

	}

}
