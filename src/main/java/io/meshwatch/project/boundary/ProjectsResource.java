package io.meshwatch.project.boundary;

import io.meshwatch.job.boundary.JobStarted;
import io.meshwatch.job.boundary.JobView;
import io.meshwatch.job.control.JobLauncher;
import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.platform.ApiException;
import io.meshwatch.platform.JsonRequest;
import io.meshwatch.project.control.ProjectStore;
import io.meshwatch.project.entity.Project;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** /api/projects: create, list and read projects, and start their mesh jobs. */
@Path("projects")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    static final int MAX_NAME = 200;
    static final Pattern STRATEGY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final String DEFAULT_STRATEGY = "tetrahedral";

    @Inject
    ProjectStore projects;

    @Inject
    JobStore jobs;

    @Inject
    JobLauncher launcher;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri) {
        String name = JsonRequest.parse(body).requiredString("name", MAX_NAME);
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw ApiException.badRequest("'name' must not contain control characters");
        }
        Project project = projects.create(name);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(project.getId())).build())
                .entity(ProjectView.of(project, List.of()))
                .build();
    }

    @GET
    public List<ProjectView> list() {
        List<Project> all = projects.all();
        Map<Long, List<JobView>> jobsByProject = jobs.ofProjects(all.stream().map(Project::getId).toList())
                .stream()
                .collect(Collectors.groupingBy(MeshResult::getProjectId,
                        Collectors.mapping(JobView::of, Collectors.toList())));
        return all.stream()
                .map(p -> ProjectView.of(p, jobsByProject.getOrDefault(p.getId(), List.of())))
                .toList();
    }

    @GET
    @Path("{id}")
    public ProjectView get(@PathParam("id") String id) {
        Project project = projects.require(projectId(id));
        List<JobView> views = jobs.ofProjects(List.of(project.getId())).stream().map(JobView::of).toList();
        return ProjectView.of(project, views);
    }

    @POST
    @Path("{id}/meshes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startMesh(@PathParam("id") String id, String body, @Context UriInfo uri) {
        long projectId = projectId(id);
        JsonRequest request = JsonRequest.parse(body);
        String backendName = request.optionalString("backend", 16);
        Backend backend = backendName == null ? Backend.LOCAL : Backend.fromJson(backendName);
        if (backend == null) {
            throw ApiException.badRequest("'backend' must be \"local\" or \"modal\"");
        }
        String strategy = request.optionalString("strategy", 64);
        if (strategy == null || strategy.isEmpty()) {
            strategy = DEFAULT_STRATEGY;
        } else if (!STRATEGY.matcher(strategy).matches()) {
            throw ApiException.badRequest("'strategy' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        JsonObject params = request.optionalObject("params");
        MeshResult job = launcher.start(projectId, backend, strategy, params);
        return Response.accepted(new JobStarted(job.getJobId(), job.getId(), job.getProjectId(),
                        job.getStatus().name()))
                .location(uri.getBaseUriBuilder().path("jobs").path(job.getJobId()).build())
                .build();
    }

    /** A path id that is not a positive number names no project. */
    static long projectId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.notFound("No project with id " + id);
    }
}
