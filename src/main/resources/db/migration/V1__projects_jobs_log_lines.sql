-- Meshwatch schema, version 1. Runs unchanged on H2 2.x and PostgreSQL 13+.

CREATE SEQUENCE project_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE mesh_result_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE project (
    id          BIGINT       NOT NULL,
    name        VARCHAR(200) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_project PRIMARY KEY (id)
);

CREATE TABLE mesh_result (
    id              BIGINT       NOT NULL,
    job_id          VARCHAR(64)  NOT NULL,
    project_id      BIGINT       NOT NULL,
    backend         VARCHAR(16)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    strategy        VARCHAR(64)  NOT NULL,
    params          VARCHAR,
    output_path     VARCHAR(2048),
    quality_metrics VARCHAR,
    result          VARCHAR,
    error           VARCHAR,
    call_id         VARCHAR(256),
    exit_code       INTEGER,
    last_seq        BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_mesh_result PRIMARY KEY (id),
    CONSTRAINT uq_mesh_result_job_id UNIQUE (job_id),
    CONSTRAINT fk_mesh_result_project FOREIGN KEY (project_id) REFERENCES project (id)
);

CREATE INDEX ix_mesh_result_project ON mesh_result (project_id);
CREATE INDEX ix_mesh_result_status ON mesh_result (status);

-- One row per stored line; (mesh_result_id, seq) is unique by construction,
-- so two writers can never store the same seq twice.
CREATE TABLE log_line (
    mesh_result_id BIGINT       NOT NULL,
    seq            BIGINT       NOT NULL,
    ts             TIMESTAMP WITH TIME ZONE NOT NULL,
    stream         VARCHAR(512) NOT NULL,
    level          VARCHAR(8)   NOT NULL,
    text           VARCHAR      NOT NULL,
    CONSTRAINT pk_log_line PRIMARY KEY (mesh_result_id, seq),
    CONSTRAINT fk_log_line_mesh_result FOREIGN KEY (mesh_result_id) REFERENCES mesh_result (id)
);
