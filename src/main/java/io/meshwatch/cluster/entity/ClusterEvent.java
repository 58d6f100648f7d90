package io.meshwatch.cluster.entity;

import java.io.Serializable;

/**
 * What crosses the data grid: an event fired on one instance, with where it came
 * from. {@code installation} is the database's identity, so instances of another
 * installation that happen to share the grid are ignored.
 */
public record ClusterEvent(String installation, String origin, Serializable payload) implements Serializable {
    private static final long serialVersionUID = 1L;
}
