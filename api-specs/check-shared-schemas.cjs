// Part of lint.sh. The event data schemas appear twice, each document being self-contained (local refs only):
// in asyncapi/events.yaml (the Kafka events' data) and in asyncapi/realtime.yaml (a delivery frame's data is its
// event's data, verbatim). Every schema of the same name must be the same in both, so that they cannot drift apart.
'use strict';
const fs = require('fs');
const YAML = require('yaml'); // a dependency of @asyncapi/cli, pinned by package-lock.json

const load = (file) => YAML.parse(fs.readFileSync(file, 'utf8')).components.schemas;
const canonical = (value) => JSON.stringify(value, (key, node) => (node && typeof node === 'object' && !Array.isArray(node))
	? Object.fromEntries(Object.keys(node).sort().map((name) => [name, node[name]])) : node);

const events = load('asyncapi/events.yaml');
const realtime = load('asyncapi/realtime.yaml');
const shared = Object.keys(realtime).filter((name) => name in events);
const differing = shared.filter((name) => canonical(realtime[name]) !== canonical(events[name]));
if (shared.length === 0 || differing.length > 0) {
	console.error(shared.length === 0 ? 'asyncapi: realtime.yaml and events.yaml share no schema'
		: `asyncapi: these schemas differ between realtime.yaml and events.yaml: ${differing.join(', ')}`);
	process.exit(1);
}
console.log(`asyncapi: ${shared.length} event data schemas are the same in realtime.yaml and events.yaml`);
