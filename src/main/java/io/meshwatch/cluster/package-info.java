/**
 * Several instances on one database: each instance's heartbeat (who is alive),
 * ownership that passes on when its owner dies (local jobs, CloudWatch tail
 * leases), and the events that cross instances through the app server's data
 * grid (Payara's clustered CDI events).
 */
package io.meshwatch.cluster;
