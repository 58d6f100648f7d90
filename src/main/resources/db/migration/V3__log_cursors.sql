-- Where the CloudWatch tail of a Modal job stands in each of its log streams, so a
-- restarted server (or another instance) resumes with no line lost or stored twice.
CREATE TABLE log_cursor (
    mesh_result_id  BIGINT        NOT NULL,
    stream_name     VARCHAR(512)  NOT NULL,
    next_token      VARCHAR(2048),
    last_event_ts   BIGINT        NOT NULL,
    seen_at_last_ts INTEGER       NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_log_cursor PRIMARY KEY (mesh_result_id, stream_name),
    CONSTRAINT fk_log_cursor_mesh_result FOREIGN KEY (mesh_result_id) REFERENCES mesh_result (id)
);
