package io.meshwatch.project.boundary;

import io.meshwatch.job.boundary.JobView;
import io.meshwatch.project.entity.Project;
import java.time.Instant;
import java.util.List;

/** A project as JSON, with its jobs oldest first. */
public record ProjectView(long id, String name, String status, Instant createdAt, Instant updatedAt,
                          List<JobView> jobs) {

    public static ProjectView of(Project project, List<JobView> jobs) {
        return new ProjectView(project.getId(), project.getName(), project.getStatus(), project.getCreatedAt(),
                project.getUpdatedAt(), jobs);
    }
}
