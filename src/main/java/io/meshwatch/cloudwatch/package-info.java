/**
 * Tailing a Modal job's CloudWatch Logs (group /modal/jobs/{job_id}) into the
 * stored log: one tail per watched job, all tails sharing one call budget. It
 * plugs into logstream's LogProducers and stores through LogStore; it knows
 * nothing of WebSocket sessions.
 */
package io.meshwatch.cloudwatch;
