// The charts of docs/benchmarks.md, drawn as SVG from the results kept in docs/benchmarks/data/ (run by
// `./colink charts`, and at the end of `./colink bench` and `./colink compare`). Node 18 or later, no packages.
//
//   node docs/benchmarks/charts.mjs [result.json...] [--out <dir>]
//
// Each result named (PeerComparisonBenchmark's JSON, or the peer's bench.mjs JSON) is kept first, as
// data/peer-comparison-<system>-<time>.json with the commit and machine it was kept on, when it is newer than the
// newest run of its system kept so far. Then every chart is drawn again from the kept runs: for each chart and
// system, the newest kept run that has that phase. --out writes the charts elsewhere (the test draws into target/).
//
// A kept figure is a number or a range [low, high] (the runs transcribed from tables that give ranges); a figure the
// run does not have is left out, and the chart draws only what is there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.join(HERE, 'data');
const NAMES = { colink: 'Colink', ejabberd: 'ejabberd' };
const COLOURS = { colink: '#1f6fb4', ejabberd: '#d9711c' };

// ---------- keeping results ----------

function keptRuns(prefix) {
	if (!fs.existsSync(DATA)) return [];
	return fs.readdirSync(DATA)
		.filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
		.map((name) => JSON.parse(fs.readFileSync(path.join(DATA, name), 'utf8')))
		.sort((x, y) => runTime(x) - runTime(y));
}

const runTime = (run) => Date.parse(run.meta?.date ?? run.kept?.date ?? 0);

function keep(file) {
	let result;
	try {
		result = JSON.parse(fs.readFileSync(file, 'utf8'));
	}
	catch (e) {
		console.log(`charts: ${path.basename(file)} is not readable JSON, skipped (${e.message})`);
		return;
	}
	if (!result.meta?.date || !(result.a || result.b || result.c)) {
		console.log(`charts: ${path.basename(file)} is not a comparison result, skipped`);
		return;
	}
	const system = result.meta.ejabberd ? 'ejabberd' : 'colink';
	const newest = keptRuns(`peer-comparison-${system}-`).at(-1);
	if (newest && runTime(newest) >= runTime(result)) return;
	const stamp = new Date(runTime(result)).toISOString().replace(/\.\d+/, '').replace(/[-:]/g, '');
	const name = `peer-comparison-${system}-${stamp}.json`;
	const kept = { system, date: result.meta.date, commit: commit(), machine: machine(), from: path.basename(file) };
	fs.mkdirSync(DATA, { recursive: true });
	fs.writeFileSync(path.join(DATA, name), JSON.stringify({ kept, ...result }, null, 2) + '\n');
	console.log(`charts: kept ${path.basename(file)} as docs/benchmarks/data/${name}`);
}

function commit() {
	try {
		const git = (...args) => execFileSync('git', ['-C', HERE, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
		return git('rev-parse', '--short', 'HEAD') + (dirty ? ' with uncommitted changes' : '');
	}
	catch {
		return 'unknown';
	}
}

function machine() {
	let system = os.type();
	try {
		system = /^PRETTY_NAME="?([^"\n]*)/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))[1];
	}
	catch { /* not Linux: the OS type will do */ }
	const model = (os.cpus()[0]?.model ?? '').replace(/\s+/g, ' ').trim();
	return `${os.cpus().length} cores (${model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${system}`;
}

// ---------- figures: a number, a range [low, high], or nothing ----------

const has = (v) => typeof v === 'number' || (Array.isArray(v) && v.length === 2);
const low = (v) => (Array.isArray(v) ? v[0] : v);
const high = (v) => (Array.isArray(v) ? v[1] : v);
const mid = (v) => (low(v) + high(v)) / 2;
const plus = (x, y) => (Array.isArray(x) || Array.isArray(y) ? [low(x) + low(y), high(x) + high(y)] : x + y);
const minus = (x, y) => (Array.isArray(x) || Array.isArray(y) ? [low(x) - high(y), high(x) - low(y)] : x - y);

function number(v, digits = 1, least = 0) {
	const rounded = Number(v.toFixed(digits));
	return rounded.toLocaleString('en-US', { minimumFractionDigits: least, maximumFractionDigits: digits });
}
const figure = (v, digits, least) => (Array.isArray(v) ? `${number(v[0], digits, least)}–${number(v[1], digits, least)}`
	: number(v, digits, least));
const ms = (v) => (v >= 1000 ? `${number(v / 1000)} s` : `${number(v, v < 10 ? 2 : 1)}`);

// ---------- SVG ----------

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (n) => Math.round(n * 10) / 10;

function el(tag, attrs, content) {
	const a = Object.entries(attrs).filter(([, v]) => v !== undefined && v !== null)
		.map(([k, v]) => ` ${k}="${esc(typeof v === 'number' ? r1(v) : v)}"`).join('');
	return content === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${content}</${tag}>`;
}
const text = (x, y, s, attrs = {}) => el('text', { x, y, ...attrs }, esc(s));
const line = (x1, y1, x2, y2, attrs = {}) => el('line', { x1, y1, x2, y2, ...attrs });

function svg(width, height, title, parts) {
	return '<?xml version="1.0" encoding="UTF-8"?>\n'
		+ el('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`,
			'font-family': 'Helvetica, Arial, sans-serif', 'font-size': 12 },
		'\n' + [el('title', {}, esc(title)), el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }), ...parts]
			.join('\n') + '\n') + '\n';
}

function wrap(s, width) {
	const lines = [];
	let current = '';
	for (const word of s.split(' ')) {
		if (current && (current + ' ' + word).length > width) {
			lines.push(current);
			current = word;
		}
		else current = current ? current + ' ' + word : word;
	}
	if (current) lines.push(current);
	return lines;
}

function niceStep(span, count) {
	const raw = span / count;
	const power = 10 ** Math.floor(Math.log10(raw));
	return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

function linear(d0, d1, r0, r1) {
	const f = (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
	const step = niceStep(d1 - d0, 5);
	f.ticks = [];
	for (let v = d0; v <= d1 + step / 1e6; v += step) f.ticks.push(Number(v.toFixed(6)));
	return f;
}

/** A linear scale from 0 to a round number above max. */
function fromZero(max, r0, r1) {
	const step = niceStep(max || 1, 5);
	return linear(0, Math.ceil((max || 1) / step) * step, r0, r1);
}

function logarithmic(min, max, r0, r1) {
	const d0 = Math.floor(Math.log10(min)), d1 = Math.max(Math.ceil(Math.log10(max)), d0 + 1);
	const f = (v) => r0 + ((Math.log10(v) - d0) / (d1 - d0)) * (r1 - r0);
	f.ticks = [];
	for (let d = d0; d <= d1; d++) for (const m of d < d1 ? [1, 2, 5] : [1]) f.ticks.push(m * 10 ** d);
	return f;
}

const PLOT = { left: 80, right: 580, top: 96, bottom: 400, width: 880, height: 460, legend: 605 };

/** Title, subtitle lines, grid, axes and their labels. */
function frame(title, subtitles, x, y, xLabel, yLabel, xFormat = (v) => number(v), yFormat = ms) {
	const p = PLOT, parts = [];
	parts.push(text(p.left, 28, title, { 'font-size': 16, 'font-weight': 'bold' }));
	subtitles.forEach((s, i) => parts.push(text(p.left, 46 + i * 15, s, { fill: '#444' })));
	for (const v of y.ticks) {
		const yy = y(v);
		parts.push(line(p.left, yy, p.right, yy, { stroke: '#e3e3e3' }));
		parts.push(text(p.left - 6, yy + 4, yFormat(v), { 'text-anchor': 'end', fill: '#333' }));
	}
	if (x) {
		for (const v of x.ticks) {
			const xx = x(v);
			parts.push(line(xx, p.top, xx, p.bottom, { stroke: '#eeeeee' }));
			parts.push(text(xx, p.bottom + 16, xFormat(v), { 'text-anchor': 'middle', fill: '#333' }));
		}
	}
	parts.push(el('rect', { x: p.left, y: p.top, width: p.right - p.left, height: p.bottom - p.top, fill: 'none', stroke: '#888' }));
	parts.push(text((p.left + p.right) / 2, p.bottom + 36, xLabel, { 'text-anchor': 'middle' }));
	parts.push(text(18, (p.top + p.bottom) / 2, yLabel,
		{ 'text-anchor': 'middle', transform: `rotate(-90 18 ${(p.top + p.bottom) / 2})` }));
	return parts;
}

/** The legend: entries {draw(x, y) → parts, label}, then notes as wrapped text. */
function legend(entries, notes, top = PLOT.top) {
	const parts = [];
	let y = top + 6;
	for (const { draw, label } of entries) {
		parts.push(...draw(PLOT.legend + 12, y));
		for (const [i, part] of wrap(label, 34).entries()) parts.push(text(PLOT.legend + 30, y + 4 + i * 14, part));
		y += 8 + 14 * wrap(label, 34).length;
	}
	y += 6;
	for (const note of notes) {
		for (const part of wrap(note, 40)) {
			parts.push(text(PLOT.legend, y, part, { fill: '#555', 'font-size': 11 }));
			y += 13;
		}
		y += 5;
	}
	return { parts, bottom: y };
}

function marker(shape, x, y, colour, hollow) {
	const fill = hollow ? '#ffffff' : colour;
	if (shape === 'square') return el('rect', { x: x - 4, y: y - 4, width: 8, height: 8, fill, stroke: colour, 'stroke-width': 1.5 });
	if (shape === 'diamond') return el('path', { d: `M${r1(x)} ${r1(y - 5)}l5 5l-5 5l-5 -5z`, fill, stroke: colour, 'stroke-width': 1.5 });
	if (shape === 'triangle') return el('path', { d: `M${r1(x)} ${r1(y - 5)}l5 9h-10z`, fill, stroke: colour, 'stroke-width': 1.5 });
	return el('circle', { cx: x, cy: y, r: 4, fill, stroke: colour, 'stroke-width': 1.5 });
}

/** One percentile's points against a rate: a line through the points, a bar over a range, hollow where a step failed. */
function series(points, x, y, colour, shape, dash) {
	const parts = [];
	if (points.length > 1) {
		parts.push(el('polyline', { points: points.map((pt) => `${r1(x(pt.x))},${r1(y(mid(pt.v)))}`).join(' '),
			fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash }));
	}
	for (const pt of points) {
		if (Array.isArray(pt.v)) {
			parts.push(line(x(pt.x), y(low(pt.v)), x(pt.x), y(high(pt.v)), { stroke: colour, 'stroke-width': 2 }));
			for (const end of pt.v) parts.push(line(x(pt.x) - 5, y(end), x(pt.x) + 5, y(end), { stroke: colour, 'stroke-width': 2 }));
		}
		parts.push(marker(shape, x(pt.x), y(mid(pt.v)), colour, pt.failed));
	}
	return parts;
}

const legendLine = (colour, shape, dash, hollow) => (x, y) =>
	[line(x - 10, y, x + 10, y, { stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash }), marker(shape, x, y, colour, hollow)];

const when = (run) => (run.meta?.date ? new Date(runTime(run)).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : run.kept.date);
const shortCommit = (run) => String(run.kept?.commit ?? 'unknown').split(' ')[0];
function runName(run) {
	const system = run.kept?.system ?? (run.meta?.ejabberd ? 'ejabberd' : 'colink');
	return system === 'ejabberd' ? `ejabberd ${run.meta?.ejabberd ?? ''}`.trim() : `Colink ${shortCommit(run)}`;
}
const runLine = (run) => `${runName(run)}: ${when(run)}${run.kept?.transcribed ? ', transcribed from the recorded table' : ''}`;
const systemOf = (run) => run.kept?.system ?? (run.meta?.ejabberd ? 'ejabberd' : 'colink');
const machineLine = (runs) => [...new Set(runs.map((run) => run.kept?.machine).filter(Boolean))].join('; ');

// ---------- (a) 1:1 latency against offered rate ----------

function oneToOne(colink, peer) {
	const runs = [colink, peer].filter(Boolean);
	const limit = colink?.meta?.cfg?.p99LimitMs ?? peer?.meta?.cfg?.p99LimitMs ?? 100;
	const steps = runs.flatMap((run) => run.a.steps);
	const values = steps.flatMap((s) => ['p50', 'p99'].map((p) => s.latency?.[p]).filter(has));
	const rates = [...steps.map((s) => s.target), ...runs.map((run) => run.a.maxSustainedRate ?? 0)];
	const x = fromZero(Math.max(...rates) * 1.05, PLOT.left, PLOT.right);
	const y = logarithmic(Math.min(limit, ...values.map(low)), Math.max(limit, ...values.map(high)), PLOT.bottom, PLOT.top);
	const parts = frame('1:1 messages: latency against the offered rate', [...runs.map(runLine), machineLine(runs)], x, y,
		'offered rate (messages/s, open loop)', 'post due → frame on the recipient\'s socket (ms, log scale)');
	parts.push(line(PLOT.left, y(limit), PLOT.right, y(limit), { stroke: '#b00020', 'stroke-width': 1.5, 'stroke-dasharray': '6,4' }));
	parts.push(text(PLOT.right - 4, y(limit) - 5, `p99 limit ${limit} ms`, { 'text-anchor': 'end', fill: '#b00020' }));
	const entries = [], notes = [];
	for (const run of runs) {
		const system = systemOf(run), colour = COLOURS[system];
		for (const [p, shape, dash] of [['p50', 'circle', undefined], ['p99', 'square', '5,3']]) {
			const points = run.a.steps.filter((s) => has(s.latency?.[p]))
				.map((s) => ({ x: s.target, v: s.latency[p], failed: s.pass === false }))
				.sort((m, n) => m.x - n.x);
			if (points.length === 0) continue;
			parts.push(...series(points, x, y, colour, shape, dash));
			entries.push({ draw: legendLine(colour, shape, dash), label: `${runName(run)}, ${p}` });
		}
		const sustained = run.a.maxSustainedRate ?? 0;
		if (sustained > 0) {
			parts.push(line(x(sustained), PLOT.top, x(sustained), PLOT.bottom, { stroke: colour, 'stroke-dasharray': '2,3' }));
			parts.push(text(x(sustained) - 4, PLOT.top + 14, `${NAMES[system]} sustains ${number(sustained)}/s`,
				{ 'text-anchor': 'end', fill: colour }));
		}
		else notes.push(`${runName(run)} sustained no rate at p99 ≤ ${limit} ms.`);
		const bare = new Map();
		for (const s of run.a.steps.filter((step) => !has(step.latency?.p50) && !has(step.latency?.p99))) {
			const outcome = `${number(s.target)}/s (${s.pass ? 'passed' : 'failed'}`;
			bare.set(outcome, (bare.get(outcome) ?? 0) + 1);
		}
		if (bare.size > 0) {
			const steps = [...bare].map(([outcome, times]) => `${outcome}${times === 2 ? ' twice' : times > 2 ? ` ${times} times` : ''})`);
			notes.push(`${runName(run)}: no latency kept for ${steps.join(', ')}.`);
		}
		if (run.a.steps.some((s) => Array.isArray(s.latency?.p50) || Array.isArray(s.latency?.p99))) {
			notes.push(`${runName(run)}: a bar is the range over the steps at that rate.`);
		}
	}
	notes.unshift('Hollow marker: the step failed (p99 over the limit, a message lost, or the rate not reached).');
	parts.push(...legend(entries, notes).parts);
	return svg(PLOT.width, PLOT.height, '1:1 messages: latency against the offered rate', parts);
}

// ---------- (b) fan-out time against members ----------

function fanOut(colink, peer) {
	const runs = [colink, peer].filter(Boolean);
	const sizes = [...new Set(runs.flatMap((run) => run.b.map((room) => room.occupants)))].sort((m, n) => m - n);
	const bars = [];
	for (const run of runs) for (const p of ['p50', 'p99']) bars.push({ run, p });
	const values = runs.flatMap((run) => run.b.flatMap((room) => ['p50', 'p99'].map((p) => room.allReceived?.[p]).filter(has)));
	const y = fromZero(Math.max(...values.map(high)) * 1.1, PLOT.bottom, PLOT.top);
	const parts = frame('Fan-out: a channel post until every member\'s socket has it', [...runs.map(runLine), machineLine(runs)],
		null, y, 'members in the channel, every one with a live socket', 'post → frame on the last member\'s socket (ms)');
	const group = (PLOT.right - PLOT.left) / sizes.length, width = Math.min(48, (group * 0.8) / bars.length);
	sizes.forEach((size, g) => {
		const centre = PLOT.left + group * (g + 0.5);
		parts.push(text(centre, PLOT.bottom + 16, `${number(size)} members`, { 'text-anchor': 'middle', fill: '#333' }));
		bars.forEach(({ run, p }, i) => {
			const v = run.b.find((room) => room.occupants === size)?.allReceived?.[p];
			if (!has(v)) return;
			const colour = COLOURS[systemOf(run)], left = centre + (i - bars.length / 2) * width;
			parts.push(el('rect', { x: left + 2, y: y(low(v)), width: width - 4, height: y(0) - y(low(v)), fill: colour,
				'fill-opacity': p === 'p50' ? 1 : 0.4, stroke: colour, 'stroke-width': 1.5 }));
			if (Array.isArray(v)) parts.push(line(left + width / 2, y(low(v)), left + width / 2, y(high(v)), { stroke: colour, 'stroke-width': 2 }));
			parts.push(text(left + width / 2, y(high(v)) - 5, figure(v), { 'text-anchor': 'middle', 'font-size': 11 }));
		});
	});
	const entries = bars.map(({ run, p }) => ({
		draw: (lx, ly) => [el('rect', { x: lx - 8, y: ly - 6, width: 16, height: 12, fill: COLOURS[systemOf(run)],
			'fill-opacity': p === 'p50' ? 1 : 0.4, stroke: COLOURS[systemOf(run)], 'stroke-width': 1.5 })],
		label: `${runName(run)}, ${p}`,
	}));
	const notes = runs.filter((run) => run.b[0]?.messages)
		.map((run) => `${runName(run)}: ${run.b[0].messages} posts per room, one at a time.`);
	parts.push(...legend(entries, notes).parts);
	return svg(PLOT.width, PLOT.height, 'Fan-out time against members', parts);
}

// ---------- (c) CPU per message, per process ----------

const PROCESS_NAMES = { client: 'load client', other: 'rest of the machine (kernel, tools)', machine: 'whole box',
	machineWithoutClient: 'whole box without the load client' };

/** The budget of one run at a rate: {process: ms per message}, from a transcribed budget or the step's CPU. */
function budget(run, rate) {
	if (run.a.budget && run.a.budget.target === rate) return { ...run.a.budget.msPerMessage };
	const step = run.a.steps.filter((s) => s.target === rate && s.cpu).at(-1);
	if (!step) return null;
	if (step.cpu.msPerMessage) return { ...step.cpu.msPerMessage };
	const achieved = step.achieved || step.target, out = {};
	for (const [process, percent] of Object.entries(step.cpu.percentOfOneCore ?? step.cpu)) {
		if (typeof percent === 'number') out[process] = (percent * 10) / achieved;
	}
	if (has(out.machine)) out.other = Object.entries(out).filter(([k]) => k !== 'machine').reduce((rest, [, v]) => rest - v, out.machine);
	return out;
}

/** The rate both runs are compared at: the highest both passed, otherwise the highest both ran (as the table does). */
function comparedRate(runs) {
	const rates = (run, passed) => new Set([...(run.a.budget ? [run.a.budget.target] : []),
		...run.a.steps.filter((s) => (s.cpu || run.a.budget) && (!passed || s.pass)).map((s) => s.target)]);
	for (const passed of [true, false]) {
		const common = [...rates(runs[0], passed)].filter((rate) => runs.every((run) => rates(run, passed).has(rate)));
		if (common.length > 0) return Math.max(...common);
	}
	return Math.max(...rates(runs[0], false));
}

function cpuBudget(colink, peer) {
	const runs = [colink, peer].filter(Boolean);
	const rate = comparedRate(runs);
	const sections = [];
	for (const run of runs) {
		const b = budget(run, rate);
		if (!b) continue;
		if (!has(b.machineWithoutClient) && has(b.machine) && has(b.client)) b.machineWithoutClient = minus(b.machine, b.client);
		const totals = ['machine', 'machineWithoutClient'].filter((k) => has(b[k]));
		let processes = Object.entries(b).filter(([k, v]) => !totals.includes(k) && has(v)).sort((m, n) => mid(n[1]) - mid(m[1]));
		const small = processes.filter(([k, v]) => high(v) < 0.5 && typeof v === 'number' && !PROCESS_NAMES[k]);
		if (small.length > 1) {
			processes = processes.filter((entry) => !small.includes(entry));
			processes.push([`the other ${small.length} processes`, small.reduce((sum, [, v]) => plus(sum, v), 0)]);
		}
		sections.push({ run, rows: [...processes, ...totals.map((k) => [k, b[k]])], totals });
	}
	const rowHeight = 20, header = 26;
	const height = PLOT.top + 20 + sections.reduce((sum, s) => sum + header + s.rows.length * rowHeight, 0) + 60;
	const left = 300, right = PLOT.right + 40;
	const max = Math.max(...sections.flatMap((s) => s.rows.map(([, v]) => high(v))));
	const x = fromZero(max * 1.1, left, right);
	const parts = [text(PLOT.left - 60, 28, `CPU per message at ${number(rate)} messages/s, by process`, { 'font-size': 16, 'font-weight': 'bold' })];
	[...runs.map(runLine), machineLine(runs)].forEach((s, i) => parts.push(text(PLOT.left - 60, 46 + i * 15, s, { fill: '#444' })));
	let yy = PLOT.top + 20;
	const top = yy;
	for (const section of sections) {
		const colour = COLOURS[systemOf(section.run)];
		parts.push(text(left - 280, yy + 16, `${runName(section.run)}`, { 'font-weight': 'bold', fill: colour }));
		yy += header;
		for (const [process, v] of section.rows) {
			const total = section.totals.includes(process);
			parts.push(text(left - 8, yy + 14, PROCESS_NAMES[process] ?? process, { 'text-anchor': 'end', 'font-weight': total ? 'bold' : undefined }));
			parts.push(el('rect', { x: left, y: yy + 3, width: x(low(v)) - left, height: rowHeight - 6, fill: colour, 'fill-opacity': total ? 1 : 0.7 }));
			if (Array.isArray(v)) {
				parts.push(el('rect', { x: x(low(v)), y: yy + 3, width: x(high(v)) - x(low(v)), height: rowHeight - 6, fill: colour, 'fill-opacity': 0.3 }));
			}
			parts.push(text(x(high(v)) + 5, yy + 14, `${figure(v, 2, 1)} ms`, { 'font-size': 11 }));
			yy += rowHeight;
		}
	}
	for (const v of x.ticks) {
		parts.push(line(x(v), top, x(v), yy, { stroke: '#e3e3e3' }));
		parts.push(text(x(v), yy + 16, number(v), { 'text-anchor': 'middle', fill: '#333' }));
	}
	parts.push(line(left, top, left, yy, { stroke: '#888' }));
	parts.push(text((left + right) / 2, yy + 36, 'ms of CPU per message (a pale end: the range over the steps at that rate)', { 'text-anchor': 'middle' }));
	return svg(PLOT.width, Math.max(height, yy + 50), 'CPU per message, by process', parts);
}

// ---------- (d) durable channel posts: latency against rate ----------

function channelPosts(run) {
	const points = run.openLoop;
	const values = points.flatMap((pt) => ['p50', 'p90', 'p99'].map((p) => pt.latency?.[p]).filter(has))
		.concat(run.closedLoop.flatMap((pt) => ['p50', 'p99'].map((p) => pt.latency?.[p]).filter(has)));
	const limit = run.target?.p99Ms ?? 100;
	const x = fromZero(Math.max(...points.map((pt) => pt.rate), ...run.closedLoop.map((pt) => pt.achieved), run.target?.rate ?? 0) * 1.05,
		PLOT.left, PLOT.right);
	const y = logarithmic(Math.min(limit, ...values.map(low)), Math.max(limit, ...values.map(high)), PLOT.bottom, PLOT.top);
	const parts = frame('Durable channel posts: latency against the offered rate',
		[`Colink: ${run.kept.date}, commit ${run.kept.commit}${run.kept.transcribed ? ', transcribed from the recorded table' : ''}`, run.kept.machine],
		x, y, 'posts/s through the gateway', 'post due → 201 (ms, log scale)');
	parts.push(line(PLOT.left, y(limit), PLOT.right, y(limit), { stroke: '#b00020', 'stroke-width': 1.5, 'stroke-dasharray': '6,4' }));
	parts.push(text(PLOT.left + 4, y(limit) - 5, `p99 limit ${limit} ms`, { fill: '#b00020' }));
	if (run.target?.rate) {
		parts.push(line(x(run.target.rate), PLOT.top, x(run.target.rate), PLOT.bottom, { stroke: '#b00020', 'stroke-dasharray': '2,3' }));
		parts.push(text(x(run.target.rate) - 4, PLOT.top + 14, `target ${number(run.target.rate)}/s`, { 'text-anchor': 'end', fill: '#b00020' }));
	}
	const entries = [];
	for (const [p, colour, shape, dash] of [['p50', '#1f6fb4', 'circle'], ['p90', '#2e8b57', 'triangle', '2,3'], ['p99', '#7b3fa0', 'square', '5,3']]) {
		const pts = points.filter((pt) => has(pt.latency?.[p])).map((pt) => ({ x: pt.rate, v: pt.latency[p] }));
		if (pts.length === 0) continue;
		parts.push(...series(pts, x, y, colour, shape, dash));
		entries.push({ draw: legendLine(colour, shape, dash), label: `open loop, ${p}` });
	}
	for (const pt of run.closedLoop) {
		for (const [p, colour] of [['p50', '#1f6fb4'], ['p99', '#7b3fa0']]) {
			if (has(pt.latency?.[p])) parts.push(marker('diamond', x(pt.achieved), y(mid(pt.latency[p])), colour, true));
		}
	}
	if (run.closedLoop.length > 0) {
		entries.push({ draw: (lx, ly) => [marker('diamond', lx, ly, '#333', true)],
			label: `closed loop (${run.closedLoop.map((pt) => `${pt.clients} clients`).join(', ')}), p50 and p99 at the rate it reached` });
	}
	const notes = points.filter((pt) => pt.refused).map((pt) => `${number(pt.rate)}/s: ${number(pt.refused)} of ${number(pt.sent)} refused with 503.`);
	parts.push(...legend(entries, notes).parts);
	return svg(PLOT.width, PLOT.height, 'Durable channel posts: latency against the offered rate', parts);
}

// ---------- main ----------

function main(args) {
	let out = HERE;
	const results = [];
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--out') out = path.resolve(args[++i]);
		else results.push(args[i]);
	}
	results.forEach(keep);
	const newest = (system, phase) => keptRuns(`peer-comparison-${system}-`).filter(phase).at(-1);
	const charts = {};
	const hasA = (run) => run.a?.steps?.length > 0;
	const hasB = (run) => run.b?.length > 0;
	const hasBudget = (run) => run.a && (run.a.budget || run.a.steps?.some((s) => s.cpu));
	if (newest('colink', hasA) || newest('ejabberd', hasA)) charts['one-to-one-latency.svg'] = oneToOne(newest('colink', hasA), newest('ejabberd', hasA));
	if (newest('colink', hasB) || newest('ejabberd', hasB)) charts['fan-out.svg'] = fanOut(newest('colink', hasB), newest('ejabberd', hasB));
	if (newest('colink', hasBudget)) charts['cpu-per-message.svg'] = cpuBudget(newest('colink', hasBudget), newest('ejabberd', hasBudget));
	const posts = keptRuns('channel-posts-').at(-1);
	if (posts) charts['channel-posts.svg'] = channelPosts(posts);
	fs.mkdirSync(out, { recursive: true });
	for (const [name, content] of Object.entries(charts)) fs.writeFileSync(path.join(out, name), content);
	console.log(`charts: drew ${Object.keys(charts).join(', ') || 'nothing (no kept results)'}`);
}

main(process.argv.slice(2));
