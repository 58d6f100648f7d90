package io.meshwatch.webhook.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A completion callback that was applied (or found already applied), kept so a repeat changes nothing. */
@Entity
@Table(name = "webhook_delivery")
@NamedQuery(name = WebhookDelivery.FIND_BY_JOB, query = "SELECT d FROM WebhookDelivery d WHERE d.jobId = :jobId")
public class WebhookDelivery {

    public static final String FIND_BY_JOB = "WebhookDelivery.findByJob";

    @Id
    @Column(name = "delivery_key", length = 300)
    private String deliveryKey;

    @Column(name = "job_id", nullable = false, length = 64)
    private String jobId;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(nullable = false, length = 32)
    private String scheme;

    @Column(name = "body_sha256", nullable = false, length = 64)
    private String bodySha256;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected WebhookDelivery() {
    }

    public WebhookDelivery(String deliveryKey, String jobId, String status, String scheme, String bodySha256,
                           Instant receivedAt) {
        this.deliveryKey = deliveryKey;
        this.jobId = jobId;
        this.status = status;
        this.scheme = scheme;
        this.bodySha256 = bodySha256;
        this.receivedAt = receivedAt;
    }

    public String getDeliveryKey() {
        return deliveryKey;
    }

    public String getJobId() {
        return jobId;
    }

    public String getStatus() {
        return status;
    }
}
