package dev.colink.threads.thread;

import tools.jackson.databind.JsonNode;

/** {@code 201 {thread, reply}}: the thread after the reply, and the reply as messaging stored it. */
record ThreadReply(ThreadView thread, JsonNode reply) {
}
