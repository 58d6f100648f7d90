'use strict';
// Wall-clock time in microseconds, comparable across processes on one machine.
// performance.timeOrigin can be off from the system clock by a fraction of a
// millisecond, so the offset is calibrated against Date.now() at the instant its
// millisecond changes (the median of several tries), then performance.now()
// supplies the sub-millisecond part.
const { performance } = require('perf_hooks');

function calibrate() {
  const offsets = [];
  for (let i = 0; i < 7; i++) {
    const start = Date.now();
    let now;
    let perf;
    do {
      perf = performance.now();
      now = Date.now();
    } while (now === start);
    offsets.push(now - perf);
  }
  offsets.sort((a, b) => a - b);
  return offsets[3];
}

const offsetMs = calibrate();

function nowMicros() {
  return Math.round((performance.now() + offsetMs) * 1000);
}

/** ISO-8601 UTC with microseconds, as Meshwatch writes ts: 2026-01-02T03:04:05.123456Z */
function isoMicros(micros) {
  const ms = Math.floor(micros / 1000);
  return new Date(ms).toISOString().slice(0, 23) + String(micros - ms * 1000).padStart(3, '0') + 'Z';
}

module.exports = { nowMicros, isoMicros };
