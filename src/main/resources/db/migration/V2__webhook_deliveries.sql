-- Completion webhooks applied so far: a delivery is applied once. Its key is the
-- Standard Webhooks webhook-id, or the SHA-256 of the body when there is none.
CREATE TABLE webhook_delivery (
    delivery_key VARCHAR(300) NOT NULL,
    job_id       VARCHAR(64)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    scheme       VARCHAR(32)  NOT NULL,
    body_sha256  VARCHAR(64)  NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_webhook_delivery PRIMARY KEY (delivery_key)
);

CREATE INDEX ix_webhook_delivery_job ON webhook_delivery (job_id);
