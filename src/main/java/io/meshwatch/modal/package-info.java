/**
 * Launching jobs on Modal: the launch request to the worker's web endpoint, its
 * retries, and the failure of a launch that cannot succeed. Uses job/control to
 * move the job; knows nothing of WebSockets or CloudWatch.
 */
package io.meshwatch.modal;
