-- Several instances on one database (issue #9).
--
-- Each running instance has a row here and renews heartbeat_at (the database's
-- clock) every few seconds; an instance whose heartbeat is older than the
-- configured time-to-live, or that has no row, is dead. What it owned passes on.
CREATE TABLE meshwatch_instance (
    id           VARCHAR(64)  NOT NULL,
    host         VARCHAR(255) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_meshwatch_instance PRIMARY KEY (id)
);

-- One row: this database's identity. Events from the data grid carry it, so
-- instances of another installation that share the grid are not listened to.
CREATE TABLE meshwatch_installation (
    id              INTEGER     NOT NULL,
    installation_id VARCHAR(64) NOT NULL,
    CONSTRAINT pk_meshwatch_installation PRIMARY KEY (id)
);

-- The instance whose subprocess runs a local job; when it dies, another fails the job.
ALTER TABLE mesh_result ADD COLUMN runner_instance VARCHAR(64);
-- The instance that holds a Modal job's CloudWatch tail (its lease): one tail per job.
-- Changed only under the job row's lock, as are the lines and cursors the tail stores.
ALTER TABLE mesh_result ADD COLUMN tail_owner VARCHAR(64);
