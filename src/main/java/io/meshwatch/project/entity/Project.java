package io.meshwatch.project.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's project: a name, and the status of its latest job. */
@Entity
@Table(name = "project")
@NamedQuery(name = Project.FIND_ALL, query = "SELECT p FROM Project p ORDER BY p.id")
public class Project {

    public static final String FIND_ALL = "Project.findAll";
    /** Status of a project before its first job. */
    public static final String NEW = "NEW";

    @Id
    @SequenceGenerator(name = "project_seq", sequenceName = "project_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "project_seq")
    private Long id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Project() {
    }

    public Project(String name, Instant now) {
        this.name = name;
        this.status = NEW;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A project's status follows its latest job. */
    public void followJob(String jobStatus, Instant now) {
        this.status = jobStatus;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
