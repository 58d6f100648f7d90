/**
 * Signed completion callbacks: the webhook feature receives a finished job's
 * callback, checks its signature and source, and may use {@code job/control}
 * to apply the outcome. It must not touch WebSocket ({@code logstream}) or
 * CloudWatch code; those learn of the outcome through CDI events.
 */
package io.meshwatch.webhook;
