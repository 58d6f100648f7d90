package io.meshwatch.project.control;

import io.meshwatch.platform.ApiException;
import io.meshwatch.platform.Time;
import io.meshwatch.project.entity.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/** Projects: create, list, find. */
@ApplicationScoped
public class ProjectStore {

    @PersistenceContext(unitName = "meshwatch")
    EntityManager em;

    Clock clock = Clock.systemUTC();

    @Transactional
    public Project create(String name) {
        Project project = new Project(name, Time.now(clock));
        em.persist(project);
        return project;
    }

    @Transactional
    public List<Project> all() {
        return em.createNamedQuery(Project.FIND_ALL, Project.class).getResultList();
    }

    @Transactional
    public Project require(long id) {
        Project project = em.find(Project.class, id);
        if (project == null) {
            throw ApiException.notFound("No project with id " + id);
        }
        return project;
    }
}
